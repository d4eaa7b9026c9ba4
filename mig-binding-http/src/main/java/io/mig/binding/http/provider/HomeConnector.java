package io.mig.binding.http.provider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The HTTP server's connector, whose selectors also carry the upstream connections of the requests
 * they serve — nginx's model: a client's request, its call upstream, the upstream's answer and the
 * reply are one selector thread's work, with no thread waking another and no lock two threads
 * contend for (issue #12, P1). It is a plain {@link ServerConnector} in everything else.
 *
 * <p>The binding marks the thread that serves a request of this connector ({@link #serving}); an
 * {@link UpstreamPool} asked for a connection on that thread takes an idle one opened on the same
 * selector, or opens one there ({@link Home#connect}). A connection on another selector, or one of
 * the provider client's, still works — from any thread — so the mark is only a placement hint:
 * nothing depends on it but speed.
 *
 * <p>Upstream connections are not the server's: they are not counted by its connection limit or
 * listed among its endpoints (accept listeners, graceful shutdown and the header-deadline sweep
 * never see them), and they are closed when the server stops.
 */
public final class HomeConnector extends ServerConnector {
    private static final ThreadLocal<Home> SERVING = new ThreadLocal<>();

    /**
     * A connector of {@code server} with one selector per core (Jetty's default is one per two): each
     * selector thread now carries its requests' upstream exchanges too, as each nginx worker does, so
     * one per two cores would leave half of the machine to the other threads.
     */
    public HomeConnector(Server server, ConnectionFactory... factories) {
        super(server, -1, Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors())), factories);
    }

    /** {@link #HomeConnector(Server, ConnectionFactory...)} listening on {@code host} (null: every address) and {@code port}. */
    public HomeConnector(Server server, String host, int port, ConnectionFactory... factories) {
        this(server, factories);
        setHost(host);
        setPort(port);
    }

    /**
     * Runs {@code task} marked as serving {@code request}'s connection, so that the upstream calls it
     * makes go out on that connection's selector; a request of another connector runs it unmarked.
     */
    public static void serving(Request request, Runnable task) {
        serving(request.getConnectionMetaData().getConnection().getEndPoint(), task);
    }

    /** The same for a connection's own end point (one that parses its requests itself). */
    public static void serving(EndPoint endPoint, Runnable task) {
        if (!(endPoint instanceof HomeEndPoint home)) {
            task.run();
            return;
        }
        Home outer = SERVING.get();
        SERVING.set(home.home);
        try {
            task.run();
        } finally {
            SERVING.set(outer);
        }
    }

    /** The selector whose request the current thread serves, or null. */
    static Home current() {
        return SERVING.get();
    }

    @Override
    protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
        return new Manager(executor, scheduler, selectors);
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        HomeEndPoint endPoint = new HomeEndPoint(channel, (HomeSelector) selector, key, getScheduler());
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }

    /** One selector of the server, able to open upstream connections of its own. */
    static final class Home {
        private final Manager manager;
        private final HomeSelector selector;

        private Home(Manager manager, HomeSelector selector) {
            this.manager = manager;
            this.selector = selector;
        }

        /**
         * Opens a connection to {@code address} on this selector: {@code connection} makes it of the
         * endpoint once connected, and {@code opened} is told (on this selector) once it is open, or
         * why not. Resolves no name: {@code address} is resolved already, or the caller runs off the
         * selector.
         */
        void connect(InetSocketAddress address, Function<EndPoint, Connection> connection, Promise<Connection> opened) {
            manager.connect(this, address, new Outgoing(connection, opened));
        }

        boolean isRunning() {
            return manager.isRunning();
        }
    }

    /** What an upstream connection being opened carries through Jetty's connect. */
    private record Outgoing(Function<EndPoint, Connection> connection, Promise<Connection> opened) {
    }

    private static final class HomeEndPoint extends SocketChannelEndPoint {
        private final Home home;

        HomeEndPoint(SocketChannel channel, HomeSelector selector, SelectionKey key, Scheduler scheduler) {
            super(channel, selector, key, scheduler);
            this.home = selector.home;
        }
    }

    private static final class HomeSelector extends ManagedSelector {
        private final Home home;

        HomeSelector(Manager manager, int id) {
            super(manager, id);
            this.home = new Home(manager, this);
        }
    }

    private final class Manager extends ServerConnectorManager {
        /** The selector a connect on this thread registers with (Jetty's own choice is round-robin). */
        private final ThreadLocal<ManagedSelector> chosen = new ThreadLocal<>();
        /** Upstream channels being opened or open: never the server's to count or list. */
        private final ConcurrentHashMap<SelectableChannel, Outgoing> outgoing = new ConcurrentHashMap<>();

        Manager(Executor executor, Scheduler scheduler, int selectors) {
            super(executor, scheduler, selectors);
            setConnectTimeout(ProviderClient.CONNECT_TIMEOUT_MS);
        }

        void connect(Home home, InetSocketAddress address, Outgoing attachment) {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                outgoing.put(channel, attachment);
                boolean connected = channel.connect(address);
                chosen.set(home.selector);
                try {
                    if (connected) {
                        accept(channel, attachment);
                    } else {
                        connect(channel, attachment);
                    }
                } finally {
                    chosen.remove();
                }
            } catch (IOException | RuntimeException e) {
                // failed here, unless Jetty's connect failed it already (each failure claims the channel once)
                if (channel == null || outgoing.remove(channel) != null) {
                    attachment.opened().failed(e);
                }
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // failing already
                    }
                }
            }
        }

        @Override
        protected ManagedSelector newSelector(int id) {
            return new HomeSelector(this, id);
        }

        @Override
        protected ManagedSelector chooseSelector() {
            ManagedSelector selector = chosen.get();
            return selector != null ? selector : super.chooseSelector();
        }

        @Override
        public Connection newConnection(SelectableChannel channel, EndPoint endPoint, Object attachment) throws IOException {
            if (attachment instanceof Outgoing open) {
                return open.connection().apply(endPoint);
            }
            return super.newConnection(channel, endPoint, attachment);
        }

        @Override
        public void connectionOpened(Connection connection, Object context) {
            super.connectionOpened(connection, context);
            if (context instanceof Outgoing open) {
                open.opened().succeeded(connection);
            }
        }

        @Override
        protected void connectionFailed(SelectableChannel channel, Throwable failure, Object attachment) {
            super.connectionFailed(channel, failure, attachment);
            Outgoing open = outgoing.remove(channel);
            if (open != null) {
                open.opened().failed(failure);
            }
        }

        @Override
        protected void onAccepting(SelectableChannel channel) {
            if (!outgoing.containsKey(channel)) {
                super.onAccepting(channel);
            }
        }

        @Override
        protected void onAccepted(SelectableChannel channel) {
            if (!outgoing.containsKey(channel)) {
                super.onAccepted(channel);
            }
        }

        @Override
        protected void onAcceptFailed(SelectableChannel channel, Throwable failure) {
            Outgoing open = outgoing.remove(channel);
            if (open == null) {
                super.onAcceptFailed(channel, failure);
            } else {
                open.opened().failed(failure);
            }
        }

        @Override
        protected void endPointOpened(EndPoint endPoint) {
            if (!outgoing.containsKey(endPoint.getTransport())) {
                super.endPointOpened(endPoint);
            }
        }

        @Override
        protected void endPointClosed(EndPoint endPoint) {
            if (outgoing.remove(endPoint.getTransport()) == null) {
                super.endPointClosed(endPoint);
            }
        }
    }
}
