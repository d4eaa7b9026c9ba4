package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.core.error.MigException;
import io.mig.core.gateway.Caller;
import io.mig.core.model.EventMessage;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.Connection;
import io.mig.core.port.out.ConnectionRegistry;
import io.mig.core.spi.BindingGateway;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Caller caller = gateway.identify(call);
        ctx.attribute(HttpErrors.HEADER_ATTRIBUTE, MessageHeader.forTenant(caller.tenantId()));
        Flow.Publisher<EventMessage> events = gateway.subscribe(call, request);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("topic", request.topic());
        meta.put("resume_cursor", cursor == null ? "" : cursor);
        if (request.consumerId() != null) {
            meta.put("consumer_id", request.consumerId());
        }
        Connection connection = new Connection(null, "http", "sse_subscribe", caller.tenantId(),
                caller.principal().actor(), call.remoteAddress(), gateway.clock().instant().toString(), meta);
        ctx.future(() -> relay(ctx, events, connection, caller.principal().expiresAt()));
    }

    private CompletableFuture<Void> relay(Context ctx, Flow.Publisher<EventMessage> events, Connection connection,
                                          java.time.Instant expiresAt) {
        SseStream sse = new SseStream(ctx);
        // registered before the response head goes out: once a client sees 200, the viewer shows it
        ConnectionRegistry.Handle registration = gateway.connections().register(connection);
        CompletableFuture<Void> finished;
        try {
            finished = support.open(sse);
        } catch (RuntimeException e) {
            registration.close();
            throw e;
        }
        gateway.metrics().activeStreams("sse", 1);
        StreamSupport.OpenStream open = support.track(() -> {
            sendError(sse, ShutdownFrames.error(), connection.tenantId());
            sse.close();
        });
        // a subscription lives no longer than the credentials it was opened with
        java.util.concurrent.ScheduledFuture<?> expiry = expiresAt == null ? null : support.timer().schedule(() -> {
            sendError(sse, MigException.unauthorized("the bearer token expired"), connection.tenantId());
            sse.close();
        }, Math.max(0, java.time.Duration.between(gateway.clock().instant(), expiresAt).toMillis()),
                java.util.concurrent.TimeUnit.MILLISECONDS);
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
                    if (expiry != null) {
                        expiry.cancel(false);
                    }
                    s.cancel();
                    registration.close();
                    open.close();
                    gateway.metrics().activeStreams("sse", -1);
                });
                s.request(WINDOW);
            }

            @Override
            public void onNext(EventMessage event) {
                sse.sendFrame(frames.frame(event), written);
            }

            @Override
            public void onError(Throwable throwable) {
                sendError(sse, MigException.from(throwable), connection.tenantId());
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
