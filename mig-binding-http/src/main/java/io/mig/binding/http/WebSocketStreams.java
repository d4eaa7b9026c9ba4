package io.mig.binding.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.mig.core.error.MigException;
import io.mig.core.gateway.ConnectionLabels;
import io.mig.core.gateway.FrameSink;
import io.mig.core.gateway.StreamSession;
import io.mig.core.json.MigJson;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.port.in.CallContext;
import io.mig.core.spi.BindingGateway;
import java.nio.charset.StandardCharsets;
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
    private static final ConnectionLabels LABELS = new ConnectionLabels("http", "ws_stream", "websocket");

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
            CallContext call = Transport.streamCall(ctx.header("Authorization"), ctx.header(Transport.TENANT_HEADER),
                    ctx.header(Transport.ACTOR_HEADER), ctx.queryParam("tenant_id"), ctx.queryParam("access_token"),
                    remote(ctx));
            Session session = new Session(ctx);
            try {
                session.core = gateway.openStreamSession(call, LABELS, maxStreams, session);
            } catch (MigException e) {
                // the token expired between the upgrade and now: close as a policy violation (1008)
                ctx.closeSession(1008, e.code().name());
                return;
            }
            ctx.attribute(SESSION, session);
            session.open = support.track(session::terminate);
            ctx.enableAutomaticPings(15, java.util.concurrent.TimeUnit.SECONDS);
        });
        ws.onMessage(ctx -> {
            if (session(ctx) != null) {
                session(ctx).onText(ctx.message());
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

    /**
     * One socket: decodes text messages into frames for the core's {@link StreamSession} and writes
     * the frames it answers, asking for a stream's next frame once the socket took the last.
     */
    private static final class Session implements FrameSink {
        private final WsContext ctx;
        private volatile StreamSession core;
        private volatile boolean closed;
        private StreamSupport.OpenStream open;

        Session(WsContext ctx) {
            this.ctx = ctx;
        }

        void onText(String text) {
            StreamFrame frame;
            StreamPreference preference;
            try {
                ObjectNode json = MigJson.readObject(text.getBytes(StandardCharsets.UTF_8));
                frame = MigJson.convert(json, StreamFrame.class);
                preference = json.hasNonNull("stream_preference")
                        ? StreamPreference.parse(json.get("stream_preference").asText()) : null;
            } catch (MigException e) {
                core.refuse(null, null, null, e);
                return;
            }
            core.onFrame(frame, preference);
        }

        @Override
        public void send(StreamFrame frame, Runnable written) {
            if (closed) {
                return;
            }
            ctx.session.sendText(MigJson.encodeToString(frame), Callback.from(written, failure -> closed()));
        }

        /** Shutdown: every running stream gets its terminal frame, then the socket closes (1001). */
        void terminate() {
            core.terminate(ShutdownFrames.error());
            ctx.closeSession(1001, ShutdownFrames.REASON);
        }

        void closed() {
            if (closed) {
                return;
            }
            closed = true;
            core.close();
            open.close();
        }
    }
}
