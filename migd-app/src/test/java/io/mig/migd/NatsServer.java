package io.mig.migd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} (with JetStream, in a temporary store) on a free loopback port, for
 * the tests of the NATS binding. {@link #start} returns once it accepts connections; close it to
 * kill it. {@code bin/test} installs nats-server when it is missing.
 *
 * <pre>{@code
 * try (NatsServer nats = NatsServer.start();
 *      MigdServer migd = MigdServer.start(Map.of("MIGD_NATS_URL", nats.url()))) { … }
 * }</pre>
 */
public final class NatsServer implements AutoCloseable {
    private volatile Process process;
    private final Path store;
    private final int port;

    private NatsServer(Process process, Path store, int port) {
        this.process = process;
        this.store = store;
        this.port = port;
    }

    public static NatsServer start() {
        try {
            return start(freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A nats-server on this port, e.g. to bring one back where a stopped one listened. */
    public static NatsServer start(int port) {
        try {
            Path store = Files.createTempDirectory("nats-test");
            NatsServer server = new NatsServer(launch(port, store), store, port);
            server.awaitAccepting();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nats-server (is it installed? bin/test installs it)", e);
        }
    }

    private static Process launch(int port, Path store) throws IOException {
        return new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port),
                "-js", "-sd", store.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(store.resolve("nats-server.log").toFile()))
                .start();
    }

    /** Kills the server as a crash would (SIGKILL), keeping its JetStream store for {@link #restart}. */
    public void kill() {
        Process p = process;
        p.destroyForcibly();
        try {
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port with the same JetStream store (what it had stored is back). */
    public void restart() {
        try {
            process = launch(port, store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitAccepting();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void awaitAccepting() {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("nats-server exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("nats-server did not accept connections on port " + port + " within 10 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        Process process = this.process;
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(store)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
