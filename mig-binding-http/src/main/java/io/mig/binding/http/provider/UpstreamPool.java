package io.mig.binding.http.provider;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Promise;

/**
 * The keep-alive {@link UpstreamConnection}s to one upstream ({@code host:port} of an {@code http://}
 * target), shared by every provider of the process that calls it. A call takes the most recently
 * used idle connection, else opens a new one (at most {@link ProviderClient#MAX_CONNECTIONS_PER_UPSTREAM}),
 * else waits in a queue of at most four times that (then it fails as Jetty's client fails it:
 * rejected, a 502) — the limits the shared Jetty client applies, so the gateway's own bulkheads still
 * decide admission.
 *
 * <p>Where a connection is opened decides which thread reads its answers. A call made while a
 * request of the HTTP server's {@link HomeConnector} is served takes an idle connection of that
 * request's selector, or opens one there, so the whole exchange stays on one thread; any other call
 * (gRPC, NATS, a worker) uses connections opened with the Jetty client's {@link ClientConnector} —
 * its selectors, connect timeout and daemon threads. Only when the connection limit is reached does
 * a call take an idle connection of another selector rather than wait.
 *
 * <p>The lock guards only the idle and waiting queues and the count; no I/O happens under it.
 */
final class UpstreamPool {
    private static final Map<String, UpstreamPool> POOLS = new ConcurrentHashMap<>();

    private final ClientConnector connector;
    private final String host;
    private final int port;
    private final int maxConnections;
    private final int maxQueued;
    /** Idle connections by the server selector they were opened on (null: the provider client's). */
    private final Map<HomeConnector.Home, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();
    private final ArrayDeque<UnaryExchange> waiting = new ArrayDeque<>();
    /** Connections open or being opened. */
    private int connections;

    UpstreamPool(ClientConnector connector, String host, int port, int maxConnections, int maxQueued) {
        this.connector = connector;
        this.host = host;
        this.port = port;
        this.maxConnections = maxConnections;
        this.maxQueued = maxQueued;
    }

    /** The process's pool for the target's upstream, on the shared client's connector. */
    static UpstreamPool of(HttpTarget target) {
        String host = target.url().getHost();
        int port = target.url().getPort() < 0 ? 80 : target.url().getPort();
        return POOLS.computeIfAbsent(host + ":" + port, key -> new UpstreamPool(ProviderClient.shared().getClientConnector(),
                host, port, ProviderClient.MAX_CONNECTIONS_PER_UPSTREAM, 4 * ProviderClient.MAX_CONNECTIONS_PER_UPSTREAM));
    }

    /** Sends the call on an idle connection, a new one, or the first one freed. */
    void send(UnaryExchange call) {
        HomeConnector.Home home = HomeConnector.current();
        if (home != null && !home.isRunning()) {
            home = null; // a server stopping: its selectors take no new connection
        }
        UpstreamConnection connection;
        boolean open = false;
        synchronized (this) {
            ArrayDeque<UpstreamConnection> idleHere = idle.get(home);
            connection = idleHere == null ? null : idleHere.pollFirst();
            if (connection == null) {
                if (connections < maxConnections) {
                    connections++;
                    open = true;
                } else if ((connection = anyIdle()) == null && waiting.size() < maxQueued) {
                    waiting.addLast(call);
                    return;
                }
            }
        }
        if (connection != null) {
            connection.send(call);
        } else if (open) {
            open(call, home);
        } else {
            // refused outside the lock: the call's failure may complete the caller's answer right here
            call.abort(new RejectedExecutionException("Max requests queued per destination " + maxQueued
                    + " exceeded for " + host + ":" + port));
        }
    }

    /** A connection finished its call and may carry the next: to a waiting call, else idle. */
    void release(UpstreamConnection connection) {
        UnaryExchange next;
        synchronized (this) {
            next = nextWaiting();
            if (next == null) {
                idle.computeIfAbsent(connection.home(), ignored -> new ArrayDeque<>()).addFirst(connection);
                return;
            }
        }
        connection.send(next);
    }

    /** A connection closed (by either side): it leaves the pool, and a waiting call may open another. */
    void closed(UpstreamConnection connection) {
        UnaryExchange next;
        synchronized (this) {
            ArrayDeque<UpstreamConnection> idleThere = idle.get(connection.home());
            if (idleThere != null) {
                idleThere.remove(connection);
                if (idleThere.isEmpty() && connection.home() != null && !connection.home().isRunning()) {
                    idle.remove(connection.home()); // a stopped server's selector: no connection will be opened there again
                }
            }
            connections--;
            next = nextWaiting();
            if (next == null) {
                return;
            }
            connections++;
        }
        open(next, null);
    }

    /** Idle connections now (for tests). */
    synchronized int idleCount() {
        return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** The idle timeouts of the idle connections, most recently used first (for tests). */
    synchronized java.util.List<Long> idleTimeouts() {
        return idle.values().stream().flatMap(ArrayDeque::stream).map(c -> c.getEndPoint().getIdleTimeout()).toList();
    }

    /** Open connections now, idle or busy (for tests). */
    synchronized int connectionCount() {
        return connections;
    }

    private UpstreamConnection anyIdle() {
        for (ArrayDeque<UpstreamConnection> connections : idle.values()) {
            if (!connections.isEmpty()) {
                return connections.pollFirst();
            }
        }
        return null;
    }

    private UnaryExchange nextWaiting() {
        UnaryExchange next;
        do {
            next = waiting.pollFirst();
        } while (next != null && next.isDone());
        return next;
    }

    /** Opens a connection for {@code first}: on {@code home}, or with the provider client's connector. */
    private void open(UnaryExchange first, HomeConnector.Home home) {
        Function<EndPoint, Connection> connection = endPoint -> new UpstreamConnection(endPoint, connector.getExecutor(), this, home);
        Promise<Connection> opened = new Promise<>() {
            @Override
            public void succeeded(Connection open) {
                ((UpstreamConnection) open).send(first);
            }

            @Override
            public void failed(Throwable failure) {
                connectFailed(first, failure);
            }
        };
        Runnable connect;
        if (home != null) {
            connect = () -> home.connect(new InetSocketAddress(host, port), connection, opened);
        } else {
            Map<String, Object> context = new HashMap<>();
            context.put(Transport.CONTEXT_KEY, Transport.TCP_IP);
            context.put(ClientConnectionFactory.CONTEXT_KEY, (ClientConnectionFactory) (endPoint, ignored) -> connection.apply(endPoint));
            context.put(ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY, opened);
            connect = () -> connector.connect(new InetSocketAddress(host, port), context);
        }
        Executor executor = connector.getExecutor();
        try {
            // the name is resolved there, off the caller's thread (as Jetty's client resolves it on its pool)
            executor.execute(connect);
        } catch (RejectedExecutionException stopped) {
            connectFailed(first, stopped);
        }
    }

    private void connectFailed(UnaryExchange first, Throwable failure) {
        synchronized (this) {
            connections--;
        }
        first.abort(failure);
        // a waiting call gets its own attempt (and its own failure, if the upstream is down)
        UnaryExchange next;
        synchronized (this) {
            next = nextWaiting();
            if (next == null) {
                return;
            }
            connections++;
        }
        open(next, null);
    }
}
