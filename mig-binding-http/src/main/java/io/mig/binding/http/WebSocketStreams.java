package io.mig.binding.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.mig.core.error.MigException;
import io.mig.core.gateway.Caller;
import io.mig.core.id.Ids;
import io.mig.core.json.MigJson;
import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.FrameKind;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.Connection;
import io.mig.core.port.out.ConnectionRegistry;
import io.mig.core.spi.BindingGateway;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * {@code GET /mig/v0.1/stream} (SPEC §3.5): stream frames as WebSocket text messages. Several
 * invocations run at once on one socket, told apart by {@code stream_id}; a bad frame is answered
 * with an {@code error} frame and the socket stays open. Auth is checked at the upgrade and again
 * for every frame.
 */
final class WebSocketStreams {
    static final String PATH = MigRoutes.BASE + "/stream";
    private static final String SESSION = "mig.session";

    private final BindingGateway gateway;
    private final StreamSupport support;
    private final int maxStreams;

    WebSocketStreams(BindingGateway gateway, StreamSupport support, int maxStreams) {
        this.gateway = gateway;
        this.support = support;
        this.maxStreams = maxStreams;
    }

    void register(JavalinConfig config) {
        config.routes.wsBeforeUpgrade(PATH, this::beforeUpgrade);
        config.routes.ws(PATH, this::configure);
    }

    /** Refuses the upgrade with a MIG error envelope when auth or tenant checks fail. */
    private void beforeUpgrade(Context ctx) throws java.io.IOException {
        try {
            SecurityHeaders.requireSingle(ctx);
            gateway.identify(Transport.streamCall(ctx));
        } catch (MigException e) {
            HttpErrors.refuseUpgrade(ctx, e, gateway.errors());
            ctx.skipRemainingHandlers();
        }
    }

    private void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            CallContext call;
            Caller caller;
            try {
                call = Transport.streamCall(ctx.header("Authorization"), ctx.header(Transport.TENANT_HEADER),
                        ctx.header(Transport.ACTOR_HEADER), ctx.queryParam("tenant_id"), ctx.queryParam("access_token"),
                        remote(ctx));
                caller = gateway.identify(call);
            } catch (MigException e) {
                // the token expired between the upgrade and now: close as a policy violation (1008)
                ctx.closeSession(1008, e.code().name());
                return;
            }
            Session session = new Session(ctx, call);
            ctx.attribute(SESSION, session);
            session.registration = gateway.connections().register(new Connection(null, "http", "ws_stream",
                    caller.tenantId(), caller.principal().actor(), call.remoteAddress(),
                    gateway.clock().instant().toString(), Map.of()));
            session.open = support.track(session::terminate);
            gateway.metrics().activeStreams("websocket", 1);
            ctx.enableAutomaticPings(15, java.util.concurrent.TimeUnit.SECONDS);
        });
        ws.onMessage(ctx -> {
            if (session(ctx) != null) {
                session(ctx).onFrame(ctx.message());
            }
        });
        ws.onClose(ctx -> {
            if (session(ctx) != null) {
                session(ctx).closed();
            }
        });
        ws.onError(ctx -> {
            if (session(ctx) != null) {
                session(ctx).closed();
            }
        });
    }

    private static Session session(WsContext ctx) {
        return ctx.attribute(SESSION);
    }

    private static String remote(WsContext ctx) {
        var address = ctx.session.getRemoteSocketAddress();
        if (address instanceof java.net.InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** One socket: its streams by id, its registration, and the frames it sends. */
    private final class Session {
        private final WsContext ctx;
        private final CallContext call;
        private final Map<String, Flow.Subscription> streams = new ConcurrentHashMap<>();
        private final Map<String, StreamFrame> lastFrames = new ConcurrentHashMap<>();
        /** Streams started and not yet ended, counted from the request frame (before they subscribe). */
        private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean closed;
        private ConnectionRegistry.Handle registration;
        private StreamSupport.OpenStream open;

        Session(WsContext ctx, CallContext call) {
            this.ctx = ctx;
            this.call = call;
        }

        void onFrame(String text) {
            StreamFrame frame;
            StreamPreference preference;
            try {
                ObjectNode json = MigJson.readObject(text.getBytes(StandardCharsets.UTF_8));
                frame = MigJson.convert(json, StreamFrame.class);
                preference = json.hasNonNull("stream_preference")
                        ? StreamPreference.parse(json.get("stream_preference").asText()) : null;
            } catch (MigException e) {
                send(errorFrame(null, null, null, e));
                return;
            }
            try {
                if (frame.kind() == FrameKind.REQUEST) {
                    start(frame, preference);
                } else if (frame.kind() == FrameKind.CONTROL && frame.payload() != null
                        && "cancel".equals(frame.payload().path("action").asText())) {
                    cancel(frame);
                } else {
                    throw MigException.invalid("expected a frame of kind 'request', or 'control' with payload.action 'cancel'")
                            .withDetail("field", "kind");
                }
            } catch (MigException e) {
                if (frame.kind() == FrameKind.REQUEST) {
                    // refused here (stream id taken, too many streams), before the core saw it: still audited
                    gateway.errors().invokeRefused(call, frame.capability(), e);
                }
                send(errorFrame(frame.header(), frame.streamId(), frame.capability(), e));
            }
        }

        private void start(StreamFrame frame, StreamPreference preference) {
            MessageHeader header = frame.header() == null ? MessageHeader.empty() : frame.header();
            if (header.messageId() == null || header.messageId().isEmpty()) {
                header = header.withMessageId(Ids.messageId());
            }
            String streamId = frame.streamId() == null || frame.streamId().isEmpty()
                    ? "stream-" + header.messageId() : frame.streamId();
            if (streams.containsKey(streamId)) {
                throw MigException.invalid("stream_id '" + streamId + "' is already running on this connection")
                        .withDetail("field", "stream_id");
            }
            if (running.incrementAndGet() > maxStreams) {
                // one connection may not take a whole bulkhead from everyone else
                running.decrementAndGet();
                throw MigException.backpressure("this connection already runs " + maxStreams + " streams")
                        .withDetail("max_streams", maxStreams);
            }
            InvokeRequest request = new InvokeRequest(header, frame.capability(), frame.payload(), preference);
            MessageHeader sent = header;
            try {
                gateway.stream(call, request, streamId).whenComplete((frames, error) -> {
                    if (error != null) {
                        running.decrementAndGet();
                        send(errorFrame(sent, streamId, frame.capability(), MigException.from(error)));
                        return;
                    }
                    frames.subscribe(new Relay(streamId));
                });
            } catch (RuntimeException e) {
                running.decrementAndGet();
                throw e;
            }
        }

        private void cancel(StreamFrame frame) {
            ObjectNode payload = frame.payload();
            String target = frame.streamId() != null && !frame.streamId().isEmpty() ? frame.streamId()
                    : payload.path("target_message_id").asText(null);
            String reason = payload.path("reason").asText(null);
            CancelAck ack = gateway.cancel(call, new CancelRequest(frame.header(), target, reason));
            ObjectNode body = MigJson.object().put("accepted", ack.accepted()).put("status", ack.status());
            send(new StreamFrame(ack.header(), target, frame.capability(), FrameKind.CONTROL, body, false, null));
        }

        void send(StreamFrame frame) {
            if (!closed) {
                ctx.send(MigJson.encodeToString(frame));
            }
        }

        void terminate() {
            for (Map.Entry<String, Flow.Subscription> entry : streams.entrySet()) {
                entry.getValue().cancel();
                send(ShutdownFrames.endOf(lastFrames.get(entry.getKey()), entry.getKey(), null));
            }
            ctx.closeSession(1001, ShutdownFrames.REASON);
        }

        void closed() {
            if (closed) {
                return;
            }
            closed = true;
            streams.values().forEach(Flow.Subscription::cancel);
            streams.clear();
            if (registration != null) {
                registration.close();
                open.close();
                gateway.metrics().activeStreams("websocket", -1);
            }
        }

        private StreamFrame errorFrame(MessageHeader header, String streamId, String capability, MigException e) {
            gateway.errors().answered("stream", e);
            return new StreamFrame(header, streamId, capability, FrameKind.ERROR, null, true, e.toError());
        }

        /** Sends one stream's frames, asking for the next when the previous is written. */
        private final class Relay implements Flow.Subscriber<StreamFrame> {
            private final String streamId;
            private Flow.Subscription subscription;
            private boolean finished;

            Relay(String streamId) {
                this.streamId = streamId;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                streams.put(streamId, s);
                if (closed) {
                    s.cancel();
                    return;
                }
                s.request(1);
            }

            @Override
            public void onNext(StreamFrame frame) {
                lastFrames.put(streamId, frame);
                if (Boolean.TRUE.equals(frame.endStream())) {
                    finish();
                }
                if (closed) {
                    return;
                }
                ctx.session.sendText(MigJson.encodeToString(frame), Callback.from(() -> subscription.request(1),
                        failure -> subscription.cancel()));
            }

            @Override
            public void onError(Throwable throwable) {
                finish();
            }

            @Override
            public void onComplete() {
                finish();
            }

            private void finish() {
                if (!finished) {
                    finished = true;
                    running.decrementAndGet();
                }
                streams.remove(streamId, subscription);
                lastFrames.remove(streamId);
            }
        }
    }
}
