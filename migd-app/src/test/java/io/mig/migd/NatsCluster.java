package io.mig.migd;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Three real {@code nats-server}s forming one JetStream cluster on loopback ({@code -js -cluster
 * -routes}, each with its own temporary store and free client and route ports), for the tests of
 * state replicated three times. {@link #start} returns once JetStream answers (a meta leader is
 * elected); {@link #kill} stops one node as a crash would, {@link #restart} brings it back with its
 * store. Close it to kill all three and delete their stores.
 */
public final class NatsCluster implements AutoCloseable {
    private static final String NAME = "migd-test";

    private final List<Node> nodes;

    private NatsCluster(List<Node> nodes) {
        this.nodes = nodes;
    }

    public static NatsCluster start() {
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(new Node("n" + (i + 1), freePort(), freePort(), Files.createTempDirectory("nats-cluster")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NatsCluster cluster = new NatsCluster(nodes);
        try {
            for (int i = 0; i < nodes.size(); i++) {
                cluster.launch(i);
            }
            for (Node node : nodes) {
                node.awaitAccepting();
            }
            cluster.awaitJetStream();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node's client URL, comma-separated, as {@code MIGD_NATS_URL} takes it. */
    public String urls() {
        return nodes.stream().map(Node::url).collect(Collectors.joining(","));
    }

    public String url(int node) {
        return nodes.get(node).url();
    }

    /** SIGKILL of one node (0, 1 or 2); its store is kept. */
    public void kill(int node) {
        nodes.get(node).kill();
    }

    /** Starts a killed node again with its store; returns once it accepts clients. */
    public void restart(int node) {
        launch(node);
        nodes.get(node).awaitAccepting();
    }

    private void launch(int index) {
        Node node = nodes.get(index);
        String routes = nodes.stream().filter(n -> n != node)
                .map(n -> "nats://127.0.0.1:" + n.routePort).collect(Collectors.joining(","));
        try {
            node.process = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(node.clientPort),
                    "-n", node.name, "-js", "-sd", node.store.toString(),
                    "--cluster_name", NAME, "-cluster", "nats://127.0.0.1:" + node.routePort, "-routes", routes)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.store.resolve("nats-server.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nats-server (is it installed? bin/test installs it)", e);
        }
    }

    /** A clustered JetStream answers API calls only once its meta group has a leader. */
    private void awaitJetStream() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Exception last = null;
        while (System.nanoTime() < until) {
            Options options = new Options.Builder().servers(urls().split(",")).connectionTimeout(Duration.ofSeconds(2))
                    .noReconnect().build();
            try (Connection connection = Nats.connect(options)) {
                connection.jetStreamManagement().getAccountStatistics();
                return;
            } catch (Exception e) {
                last = e;
            }
            sleep(200);
        }
        throw new IllegalStateException("the JetStream cluster did not elect a leader within 30 s", last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.kill();
            try (Stream<Path> files = Files.walk(node.store)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }

    private static final class Node {
        final String name;
        final int clientPort;
        final int routePort;
        final Path store;
        volatile Process process;

        Node(String name, int clientPort, int routePort, Path store) {
            this.name = name;
            this.clientPort = clientPort;
            this.routePort = routePort;
            this.store = store;
        }

        String url() {
            return "nats://127.0.0.1:" + clientPort;
        }

        void kill() {
            Process p = process;
            if (p == null) {
                return;
            }
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitAccepting() {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nats-server " + name + " exited with " + process.exitValue()
                            + " (log in " + store + ")");
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", clientPort), 200);
                    return;
                } catch (IOException notYet) {
                    sleep(20);
                }
            }
            throw new IllegalStateException("nats-server " + name + " did not accept connections within 10 s");
        }
    }
}
