package io.mig.binding.nats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real {@code nats-server} on a free loopback port for the module's tests (bin/test installs it). */
final class NatsServerProcess implements AutoCloseable {
    private final Process process;
    private final Path store;
    private final String url;

    private NatsServerProcess(Process process, Path store, int port) {
        this.process = process;
        this.store = store;
        this.url = "nats://127.0.0.1:" + port;
    }

    static NatsServerProcess start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path store = Files.createTempDirectory("nats-test");
        Process process = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(store.resolve("nats-server.log").toFile()).start();
        NatsServerProcess server = new NatsServerProcess(process, store, port);
        server.awaitAccepting(port);
        return server;
    }

    String url() {
        return url;
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
        close();
        throw new IllegalStateException("nats-server did not start (is it installed? bin/test installs it)");
    }

    @Override
    public void close() {
        process.destroy();
        try {
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
