package io.mig.examples.jsonl;

import io.mig.core.spi.BindingGateway;
import io.mig.core.model.Binding;
import io.mig.core.spi.ListenAddress;
import io.mig.core.spi.MigBinding;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON-lines binding: a TCP listener whose every accepted socket is one {@link JsonlConnection}.
 * It owes the gateway what every binding does: announce itself under its own name once it serves
 * ({@link BindingGateway#bindingStarted}), refuse new work from {@link #beginDrain} on, let work in flight
 * finish within the drain, and end what is still open with a terminal line.
 */
public final class JsonlBinding implements MigBinding {
    /** The name this binding declares: HELLO selects it, audit records and metrics say it. */
    public static final Binding NAME = Binding.of("jsonl");
    private static final System.Logger LOG = System.getLogger("migd.jsonl");

    private final BindingGateway gateway;
    private final ListenAddress address;
    private final int maxLineBytes;
    private final Set<JsonlConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean draining;

    JsonlBinding(BindingGateway gateway, ListenAddress address, int maxLineBytes) {
        this.gateway = gateway;
        this.address = address;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public String name() {
        return NAME.wire();
    }

    @Override
    public void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        InetAddress host = address.host() == null ? null : InetAddress.getByName(address.host());
        socket.bind(new InetSocketAddress(host, address.port()));
        server = socket;
        Thread acceptor = new Thread(this::accept, "jsonl-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        gateway.bindingStarted(NAME); // listening: HELLO may select "jsonl" from now on
    }

    private void accept() {
        ServerSocket socket = server;
        while (socket != null && !socket.isClosed()) {
            try {
                Socket client = socket.accept();
                JsonlConnection connection = new JsonlConnection(gateway, client, maxLineBytes, this::draining,
                        connections::remove);
                connections.add(connection);
                connection.start();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.log(System.Logger.Level.WARNING, "accepting a jsonl connection failed: " + e.getMessage());
                }
            }
        }
    }

    /** The port it listens on (the real one when configured with port 0). */
    public int port() {
        ServerSocket socket = server;
        return socket == null ? -1 : socket.getLocalPort();
    }

    @Override
    public String describe() {
        return "tcp://" + (address.host() == null ? "0.0.0.0" : address.host()) + ":" + port() + " (MIG as JSON lines)";
    }

    boolean draining() {
        return draining;
    }

    /** From now on every new request line is answered {@code MIG_UNAVAILABLE}; work in flight goes on. */
    @Override
    public void beginDrain() {
        draining = true;
        gateway.bindingStopped(NAME);
    }

    @Override
    public void stop(Duration drain) {
        beginDrain();
        ServerSocket socket = server;
        server = null;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the jsonl listener: " + e.getMessage());
            }
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (System.nanoTime() < deadline && connections.stream().anyMatch(JsonlConnection::busy)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (JsonlConnection connection : Set.copyOf(connections)) {
            connection.close("the gateway is shutting down");
        }
    }
}
