package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.core.error.MigException;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.HeartbeatRequest;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.PublishRequest;
import io.mig.core.port.in.AnswerForm;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.InvocationAnswer;
import io.mig.core.port.in.InvocationHandle;
import io.mig.core.spi.BindingGateway;
import java.util.concurrent.CompletableFuture;

/** The unary MIG routes of guide §6.1 (JSON in, JSON out); streams live in their own classes. */
final class MigRoutes {
    static final String BASE = "/mig/v0.1";
    /** The cancel reason of an INVOKE whose caller hung up, as the core's own for streams. */
    static final String CLIENT_GONE = "client disconnected";

    private final BindingGateway gateway;
    private final Exchange exchange;
    private final InvokeStreams invokeStreams;
    private final LateWatches lateWatches;

    MigRoutes(BindingGateway gateway, Exchange exchange, InvokeStreams invokeStreams, LateWatches lateWatches) {
        this.gateway = gateway;
        this.exchange = exchange;
        this.invokeStreams = invokeStreams;
        this.lateWatches = lateWatches;
    }

    void register(JavalinConfig config) {
        config.routes.post(BASE + "/hello", ctx -> hello(new JavalinExchange(ctx), null));
        config.routes.post(BASE + "/discover", ctx -> discover(new JavalinExchange(ctx), null));
        config.routes.post(BASE + "/invoke/{capability}", this::invoke);
        config.routes.post(BASE + "/publish/{topic}", ctx -> publish(new JavalinExchange(ctx), ctx.pathParam("topic")));
        config.routes.post(BASE + "/cancel/{message_id}", ctx -> cancel(new JavalinExchange(ctx), ctx.pathParam("message_id")));
        config.routes.post(BASE + "/heartbeat", ctx -> heartbeat(new JavalinExchange(ctx), null));
    }

    /**
     * One of the unary routes but INVOKE, for Javalin's route and {@link UnaryRouteHandler} alike:
     * decodes the envelope, asks the gateway and writes its answer.
     */
    @FunctionalInterface
    interface Unary {
        /** @param param the route's path parameter (topic, message id); null for a route without one */
        void serve(RouteExchange ctx, String param);
    }

    void hello(RouteExchange ctx, String unused) {
        HelloRequest request = exchange.envelope(ctx, HelloRequest.class);
        Exchange.json(ctx, gateway.hello(Transport.call(ctx), request));
    }

    void discover(RouteExchange ctx, String unused) {
        DiscoverRequest request = exchange.envelope(ctx, DiscoverRequest.class);
        Exchange.json(ctx, gateway.discover(Transport.call(ctx), request));
    }

    /** An INVOKE refused before its route ran (e.g. while draining) is still audited. */
    static void auditIfInvoke(BindingGateway gateway, Context ctx, MigException refused) {
        String prefix = BASE + "/invoke/";
        if (ctx.method() == io.javalin.http.HandlerType.POST && ctx.path().startsWith(prefix)) {
            String capability = ctx.path().substring(prefix.length());
            gateway.errors().invokeRefused(Transport.call(ctx), capability.isEmpty() ? null : capability, refused);
        }
    }

    /**
     * Decodes an INVOKE's envelope into the request to start: the step the Javalin route and
     * {@link UnaryRouteHandler} share. A request refused here is still audited.
     */
    InvokeRequest decodeInvoke(RouteExchange ctx, String capability) {
        InvokeRequest body;
        try {
            body = exchange.envelope(ctx, InvokeRequest.class);
        } catch (MigException e) {
            gateway.errors().invokeRefused(Transport.call(ctx), capability, e); // still audited
            throw e;
        }
        return new InvokeRequest(withIdempotencyHeader(ctx, body.header()), capability, body.payload(),
                body.streamPreference());
    }

    /** Starts a decoded INVOKE; errors and the access log then name the message id the core gave it. */
    InvocationHandle startInvoke(RouteExchange ctx, InvokeRequest request, boolean asksForStream) {
        CallContext call = Transport.call(ctx);
        AnswerForm form = AnswerForm.either(asksForStream);
        InvocationHandle handle = gateway.start(call, request,
                ctx.sendsWithoutBlocking() ? form.writingWithoutBlocking() : form);
        MessageHeader sent = request.header() == null ? MessageHeader.empty() : request.header();
        ctx.knownHeader(sent.withMessageId(handle.messageId()));
        return handle;
    }

    private void invoke(Context ctx) {
        JavalinExchange route = new JavalinExchange(ctx);
        InvocationHandle handle = startInvoke(route, decodeInvoke(route, ctx.pathParam("capability")),
                accepts(ctx, "text/event-stream"));
        CompletableFuture<InvocationAnswer> pending = handle.answer();
        if (pending.isDone()) {
            // answered already (an in-process provider, a refusal): written on this thread, without
            // the servlet's async cycle that ctx.future costs
            Outcome outcome = pending.handle(Outcome::new).join();
            if (outcome.error() != null || !outcome.answer().streamed()) {
                respond(ctx, outcome.answer(), outcome.error());
                return;
            }
        }
        ctx.future(() -> {
            // a caller that hangs up before its answer aborts the provider call (a stream's relay
            // watches its own); watched only once the call has run a while
            LateWatch watch = pending.isDone() ? null : lateWatches.after(
                    () -> ClientWatch.of(ctx, () -> handle.cancel(CLIENT_GONE), false));
            return pending.handle((answer, error) -> {
                if (watch != null && watch.finish()) {
                    ctx.header("Connection", "close"); // the watch read what the client sent meanwhile
                }
                return respond(ctx, answer, error);
            }).thenCompose(done -> done);
        });
    }

    /** Writes a unary answer or an error at once; a streamed answer is relayed, until the returned future completes. */
    private CompletableFuture<Void> respond(Context ctx, InvocationAnswer answer, Throwable error) {
        if (error != null) {
            HttpErrors.write(ctx, MigException.from(error));
        } else if (answer.streamed()) {
            return invokeStreams.relay(ctx, answer.frames());
        } else {
            Exchange.json(ctx, answer.response());
        }
        return CompletableFuture.completedFuture(null);
    }

    /** How a completed answer ended, taken out of its future so that writing it may throw to the route's caller. */
    private record Outcome(InvocationAnswer answer, Throwable error) {
    }

    void publish(RouteExchange ctx, String topic) {
        PublishRequest body = exchange.envelope(ctx, PublishRequest.class);
        PublishRequest request = new PublishRequest(body.header(), topic, body.key(), body.payload());
        Exchange.json(ctx, gateway.publish(Transport.call(ctx), request));
    }

    void cancel(RouteExchange ctx, String messageId) {
        CancelRequest body = exchange.envelope(ctx, CancelRequest.class);
        CancelRequest request = new CancelRequest(body.header(), messageId, body.reason());
        Exchange.json(ctx, gateway.cancel(Transport.call(ctx), request));
    }

    void heartbeat(RouteExchange ctx, String unused) {
        HeartbeatRequest request = exchange.envelope(ctx, HeartbeatRequest.class);
        Exchange.json(ctx, gateway.heartbeat(Transport.call(ctx), request));
    }

    /** The standard {@code Idempotency-Key} header stands in for {@code header.idempotency_key}. */
    private static MessageHeader withIdempotencyHeader(RouteExchange ctx, MessageHeader header) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isEmpty()) {
            return header;
        }
        MessageHeader h = header == null ? MessageHeader.empty() : header;
        return h.idempotencyKey() == null || h.idempotencyKey().isEmpty() ? h.withIdempotencyKey(key) : h;
    }

    static boolean accepts(Context ctx, String mediaType) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(mediaType);
    }
}
