package io.mig.state.jetstream;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code nats-server -js} on a free loopback port with a temporary store directory, for the
 * JetStream store tests. It can be {@link #stop stopped} and {@link #restart restarted} on the same
 * port and directory (what was stored survives, as after a real outage), and closing it kills the
 * server, closes the connections it handed out and deletes the directory.
 *
 * <pre>{@code
 * try (JetStreamServer nats = JetStreamServer.start()) {
 *     Connection a = nats.connect();
 *     nats.stop();  …  nats.restart();
 * }
 * }</pre>
 */
final class JetStreamServer implements AutoCloseable {
    private static JetStreamServer shared;

    private final int port;
    private final Path store;
    private final List<Connection> connections = new ArrayList<>();
    private Process process;

    private JetStreamServer(int port, Path store) {
        this.port = port;
        this.store = store;
    }

    static JetStreamServer start() {
        try {
            JetStreamServer server = new JetStreamServer(freePort(), Files.createTempDirectory("jetstream-test"));
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One server for the whole test run, for the tests that never stop it (the store contracts,
     * each case on a prefix of its own); closed when the test JVM exits.
     */
    static synchronized JetStreamServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "jetstream-test-shutdown"));
        }
        return shared;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** A connection that reconnects for ever, quickly, as the gateway's does; closed with the server. */
    Connection connect() {
        Options options = new Options.Builder()
                .server(url())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100))
                .connectionTimeout(Duration.ofSeconds(2))
                .errorListener(new ErrorListener() { }) // the outages tests cause are expected: no log noise
                .build();
        try {
            Connection connection = Nats.connect(options);
            synchronized (connections) {
                connections.add(connection);
            }
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server (again) on the same port and store directory. */
    synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("nats-server is running");
        }
        try {
            process = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port),
                    "-js", "-sd", store.resolve("data").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(store.resolve("nats-server.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nats-server (is it installed? bin/test installs it)", e);
        }
        awaitAccepting();
    }

    /** Kills the server (SIGKILL, as a crash); the store directory stays for {@link #restart}. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Freezes the server (SIGSTOP): connections stay open but nothing answers, as with a server
     * that hangs — what the stores' call timeouts are for. {@link #resume} thaws it.
     */
    synchronized void pause() {
        signal("-STOP");
        awaitStopped(); // SIGSTOP is delivered asynchronously: a request sent at once could still be answered
    }

    /** Until every thread of the server is in the stopped state ({@code T} in {@code /proc/<pid>/task/<tid>/stat}). */
    private void awaitStopped() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        while (System.nanoTime() < until) {
            try (Stream<Path> threads = Files.list(tasks)) {
                if (threads.allMatch(JetStreamServer::stopped)) {
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nats-server did not stop within 5 s of SIGSTOP");
    }

    private static boolean stopped(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            // "<tid> (<comm>) <state> …": the state follows the last ')'
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        } catch (IOException gone) {
            return true; // a thread that ended meanwhile answers nothing either
        }
    }

    synchronized void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitAccepting() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited with " + process.exitValue() + "; see "
                        + store.resolve("nats-server.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nats-server did not accept connections on port " + port + " within 10 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        synchronized (connections) {
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            connections.clear();
        }
        stop();
        try (Stream<Path> files = Files.walk(store)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
