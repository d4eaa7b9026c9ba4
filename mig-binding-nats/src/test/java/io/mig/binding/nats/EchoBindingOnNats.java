package io.mig.binding.nats;

import io.mig.core.testing.FuzzInputs;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The module tests' setting: a real {@code nats-server} on a free loopback port (bin/test installs
 * it), a {@link NatsBinding} serving {@link FuzzInputs#echoGateway()} on it, and a client connection.
 */
final class EchoBindingOnNats implements AutoCloseable {
    private final Process process;
    private final Path store;
    private NatsBinding binding;
    private Connection client;

    private EchoBindingOnNats(Process process, Path store) {
        this.process = process;
        this.store = store;
    }

    static EchoBindingOnNats start(long maxBodyBytes) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path store = Files.createTempDirectory("nats-test");
        Process process = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(store.resolve("nats-server.log").toFile()).start();
        EchoBindingOnNats nats = new EchoBindingOnNats(process, store);
        try {
            nats.awaitAccepting(port);
            String url = "nats://127.0.0.1:" + port;
            nats.binding = new NatsBinding(new NatsLink(url), FuzzInputs.echoGateway(), true, maxBodyBytes);
            nats.binding.start();
            nats.client = Nats.connect(url);
        } catch (Exception e) {
            nats.close();
            throw e;
        }
        return nats;
    }

    /** The client's connection to the same nats-server. */
    Connection client() {
        return client;
    }

    private void awaitAccepting(int port) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nats-server did not start (is it installed? bin/test installs it)");
    }

    @Override
    public void close() {
        try {
            if (client != null) {
                client.close();
            }
            if (binding != null) {
                binding.stop(Duration.ZERO);
            }
            process.destroy();
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(store)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
