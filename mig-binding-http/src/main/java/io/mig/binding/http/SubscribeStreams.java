package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.core.error.MigException;
import io.mig.core.gateway.ConnectionLabels;
import io.mig.core.gateway.EventSubscription;
import io.mig.core.model.EventMessage;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.port.in.CallContext;
import io.mig.core.spi.BindingGateway;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * {@code GET /mig/v0.1/subscribe/{topic}} (SPEC §3.4): the tenant's events of a topic as
 * server-sent events — {@code id: <sequence>}, {@code event: mig-event}, the EventMessage as data —
 * replay first, then live. Every check happens before the stream opens; a subscriber cut off for
 * being slow gets a final {@code event: mig-error} with {@code MIG_BACKPRESSURE}.
 */
final class SubscribeStreams {
    private static final int WINDOW = 64;
    private static final ConnectionLabels LABELS = new ConnectionLabels("http", "sse_subscribe", "sse");

    private final BindingGateway gateway;
    private final StreamSupport support;
    private final EventFrames frames = new EventFrames();

    SubscribeStreams(BindingGateway gateway, StreamSupport support) {
        this.gateway = gateway;
        this.support = support;
    }

    void register(JavalinConfig config) {
        config.routes.get(MigRoutes.BASE + "/subscribe/{topic}", this::subscribe);
    }

    private void subscribe(Context ctx) {
        CallContext call = Transport.streamCall(ctx);
        String cursor = ctx.queryParam("resume_cursor");
        if (cursor == null || cursor.isEmpty()) {
            cursor = ctx.header("Last-Event-ID");
        }
        String traceparent = ctx.header("traceparent");
        SubscribeRequest request = new SubscribeRequest(traceparent == null || traceparent.isEmpty() ? null
                : MessageHeader.empty().withTraceparent(traceparent), ctx.pathParam("topic"), ctx.queryParam("consumer_id"),
                cursor, maxInflight(ctx.queryParam("max_inflight")));
        // the core registers the stream before the response head goes out (once a client sees 200,
        // the viewer shows it), counts it, and ends it when the caller's token expires
        EventSubscription events = gateway.openSubscription(call, request, LABELS);
        String tenant = events.caller().tenantId();
        ctx.attribute(HttpErrors.HEADER_ATTRIBUTE, MessageHeader.forTenant(tenant));
        try {
            ctx.future(() -> relay(ctx, events, tenant));
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
    }

    private CompletableFuture<Void> relay(Context ctx, EventSubscription events, String tenant) {
        SseStream sse = new SseStream(ctx);
        sse.writeAfter(events::afterDelivery); // the events of one delivery pass leave in one write
        CompletableFuture<Void> finished;
        try {
            finished = support.open(sse);
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
        StreamSupport.OpenStream open = support.track(() -> {
            sendError(sse, ShutdownFrames.error(), tenant);
            sse.close();
        });
        events.subscribe(new Flow.Subscriber<>() {
            private volatile Flow.Subscription subscription;
            // demand follows what the client has taken: a slow client's backlog builds up in the
            // subscription, which cuts it off with MIG_BACKPRESSURE, not in this stream
            private final java.util.concurrent.atomic.AtomicInteger writtenSinceRequest = new java.util.concurrent.atomic.AtomicInteger();
            private final Runnable written = () -> {
                if (writtenSinceRequest.incrementAndGet() >= WINDOW / 2) {
                    writtenSinceRequest.addAndGet(-WINDOW / 2);
                    subscription.request(WINDOW / 2);
                }
            };

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                sse.onClose(() -> {
                    s.cancel();
                    events.close();
                    open.close();
                });
                s.request(WINDOW);
            }

            @Override
            public void onNext(EventMessage event) {
                sse.sendFrame(frames.frame(event), written);
            }

            @Override
            public void onError(Throwable throwable) {
                sendError(sse, MigException.from(throwable), tenant);
                sse.close();
            }

            @Override
            public void onComplete() {
                sse.close();
            }
        });
        return finished;
    }

    private void sendError(SseStream sse, MigException error, String tenant) {
        sse.send("mig-error", null, HttpErrors.event(MessageHeader.forTenant(tenant), error, "subscribe", gateway.errors()));
    }

    private static Integer maxInflight(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw MigException.invalid("max_inflight must be a positive integer").withDetail("field", "max_inflight");
        }
    }
}
