package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeRequest;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.StreamItem;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A capability served by an HTTP upstream: each call POSTs the resolved InvokeRequest envelope to
 * the provider's URL with the MIG headers, and reads the answer as docs/PROVIDERS.md says. The
 * exchange is aborted when the invocation is cancelled or its deadline passes, and when the
 * caller stops listening before the stream's terminal item.
 */
final class HttpProvider implements CapabilityProvider {
    private final HttpTarget target;
    private final HttpClient client;
    private final int maxAnswerBytes;
    private final List<HttpField> fixedFields;
    /** The lean path for unary calls to an {@code http://} target; null for {@code https://}. */
    private final UpstreamPool upstream;
    private final RequestHead head;

    /**
     * @param upstream where unary calls go, or null to send every call with Jetty's {@code client}
     *                 (an {@code https://} target)
     */
    HttpProvider(HttpTarget target, HttpClient client, int maxAnswerBytes, UpstreamPool upstream) {
        this.target = target;
        this.client = client;
        this.maxAnswerBytes = maxAnswerBytes;
        this.fixedFields = ProviderHeaders.fixed(target);
        this.upstream = upstream;
        this.head = upstream == null ? null : new RequestHead(target);
    }

    @Override
    public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
        UnaryAnswer answer = new UnaryAnswer();
        if (upstream != null) {
            return invokeOnPool(context, answer);
        }
        UpstreamCall call = prepare(context, answer, context.request(), false);
        // the gateway cancels this future when it gives up on the call: close the exchange too
        answer.future().whenComplete((payload, error) -> {
            if (error instanceof CancellationException) {
                call.abort(error);
            }
        });
        call.send();
        return answer.future();
    }

    /**
     * True for an {@code http://} target: a unary call is encoded and written without waiting (an
     * idle pooled connection's non-blocking write, or a connect started on the client's pool), so
     * a binding may start it on its transport thread. An {@code https://} call goes through Jetty's
     * client, whose whole send path (TLS included) is not held to that here; it stays on a worker.
     */
    @Override
    public boolean answersWithoutBlocking() {
        return upstream != null;
    }

    @Override
    public Flow.Publisher<StreamItem> stream(InvocationContext context) {
        // the envelope carries the core's stream choice (its stream_preference) as the upstream needs it
        StreamAnswer answer = new StreamAnswer();
        UpstreamCall call = prepare(context, answer, context.request(), true);
        answer.publisher().onRequest(n -> call.resume());
        answer.publisher().onCancel(() -> {
            if (answer.terminalSeen()) {
                call.discardRest();
            } else {
                call.abort(new CancellationException("the caller stopped listening"));
            }
        });
        call.send();
        return answer.publisher();
    }

    /**
     * A unary call on the purpose-built connection (docs/DECISIONS.md, "Upstream HTTP/1.1 connection"):
     * the same head, body, deadline and abort as the Jetty path, without its per-call objects.
     */
    private CompletableFuture<ObjectNode> invokeOnPool(InvocationContext context, UnaryAnswer answer) {
        long remainingMs = Math.max(1, context.remaining().toMillis());
        byte[] body = MigJson.encode(context.request());
        UnaryExchange call = new UnaryExchange(head.encode(context, remainingMs, body.length), body, answer,
                maxAnswerBytes, client.getExecutor(), context.completionMayBlock(), remainingMs + 1_000);
        answer.future().whenComplete((payload, error) -> {
            if (error instanceof CancellationException) {
                call.abort(error);
            }
        });
        context.cancellation().onCancel(() -> call.abort(
                new CancellationException(context.cancellation().reason().orElse("cancelled"))));
        upstream.send(call);
        return answer.future();
    }

    private UpstreamCall prepare(InvocationContext context, UpstreamCall.Sink sink, InvokeRequest envelope,
                                 boolean stream) {
        long remainingMs = Math.max(1, context.remaining().toMillis());
        Request request = client.newRequest(target.url())
                .method(HttpMethod.POST)
                .headers(fields -> ProviderHeaders.apply(fields, fixedFields, target, context, stream, remainingMs))
                // (BytesRequestContent formats a debug string per request; this one does not)
                .body(new ByteBufferRequestContent(ProviderHeaders.JSON, ByteBuffer.wrap(MigJson.encode(envelope))))
                // a stream may pause while the caller is slow; the deadline, not silence, ends it
                .idleTimeout(remainingMs + 1_000, TimeUnit.MILLISECONDS);
        // a stream's items go to a subscriber that may block; a unary answer to the core's completion,
        // which says whether it may (the caller's answer written without blocking, no blocking store)
        UpstreamCall call = new UpstreamCall(request, sink, maxAnswerBytes, client.getExecutor(),
                stream || context.completionMayBlock());
        context.cancellation().onCancel(() -> call.abort(
                new CancellationException(context.cancellation().reason().orElse("cancelled"))));
        return call;
    }

    @Override
    public String toString() {
        return "HttpProvider[" + target + "]";
    }
}
