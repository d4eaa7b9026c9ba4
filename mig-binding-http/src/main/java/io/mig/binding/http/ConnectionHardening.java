package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * What keeps one client from holding server resources it is not using (SPEC §11): no HTTP session
 * state, an idle deadline, a deadline for a request's head, and a cap on open connections.
 */
final class ConnectionHardening {
    private ConnectionHardening() {
    }

    static void apply(JavalinConfig config, HttpOptions options, ScheduledExecutorService timer) {
        HttpLimits limits = options.limits();
        if (options.sseKeepAlive().compareTo(limits.idleTimeout()) >= 0) {
            // an idle SSE stream would be cut before its next keep-alive comment
            throw new IllegalArgumentException("the SSE keep-alive interval (" + options.sseKeepAlive().toMillis()
                    + " ms) must be shorter than the idle timeout (" + limits.idleTimeout().toMillis() + " ms)");
        }
        config.jetty.modifyServletContextHandler(context -> context.setSessionHandler(statelessSessions()));
        HeaderDeadline deadline = new HeaderDeadline(limits.headerTimeout().toNanos());
        config.jetty.modifyServer(server -> {
            server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
            // connectors are added after this runs; configure them as the server starts
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (Connector connector : server.getConnectors()) {
                        if (connector instanceof AbstractConnector c) {
                            c.setIdleTimeout(limits.idleTimeout().toMillis());
                            c.addBean(deadline);
                        }
                    }
                    long period = Math.max(50, limits.headerTimeout().toMillis() / 4);
                    timer.scheduleAtFixedRate(deadline::sweep, period, period, TimeUnit.MILLISECONDS);
                }
            });
        });
    }

    /**
     * migd keeps no HTTP sessions, but Javalin asks for one on every WebSocket upgrade. Sessions from
     * this handler are neither cached nor stored and no cookie names them, so they are garbage once
     * the request ends (the default handler kept each one, for ever).
     */
    static SessionHandler statelessSessions() {
        SessionHandler sessions = new SessionHandler();
        NullSessionCache cache = new NullSessionCache(sessions);
        cache.setSessionDataStore(new NullSessionDataStore());
        sessions.setSessionCache(cache);
        sessions.setUsingCookies(false);
        sessions.setUsingUriParameters(false);
        return sessions;
    }

    /**
     * Drops connections whose current request head has been arriving for longer than the deadline.
     * Jetty's idle timeout alone cannot: every trickled byte resets it (slowloris). A sweep looks at
     * each open HTTP/1 connection's parser; a head in progress is timed from the sweep that first saw
     * it, so the bound is the deadline plus one sweep period.
     */
    static final class HeaderDeadline implements Connection.Listener {
        private final long timeoutNanos;
        private final Map<HttpConnection, Progress> open = new ConcurrentHashMap<>();

        HeaderDeadline(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof HttpConnection http) {
                open.put(http, new Progress());
            }
        }

        @Override
        public void onClosed(Connection connection) {
            open.remove(connection);
        }

        void sweep() {
            long now = System.nanoTime();
            open.forEach((connection, progress) -> {
                var parser = connection.getParser();
                boolean inHead = parser.inHeaderState() && !parser.isStart();
                long messages = connection.getMessagesIn();
                if (!inHead || messages != progress.messages) {
                    progress.messages = messages;
                    progress.headStartedNanos = inHead ? now : 0;
                    return;
                }
                if (progress.headStartedNanos == 0) {
                    progress.headStartedNanos = now;
                } else if (now - progress.headStartedNanos > timeoutNanos) {
                    open.remove(connection);
                    connection.getEndPoint().close();
                }
            });
        }

        /** What the last sweep saw of one connection (only the sweeping thread writes it). */
        private static final class Progress {
            long messages = -1;
            long headStartedNanos;
        }
    }
}
