package io.mig.bench;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * P5a: events per second delivered to {@code --subscribers} (1,000) subscribers of one topic —
 * migd's SSE subscribers ({@code --mode sse}, events published with {@code POST /mig/v0.1/publish})
 * or NATS core subscribers ({@code --mode nats}, published with jnats). The publishers run as fast
 * as the slowest subscriber allows: never more than {@code --lead} (256) events ahead of it, below
 * migd's per-subscriber queue of 1,024, so nobody is dropped for backpressure and the rate is what
 * the server can deliver. Prints {@code RESULT requests_per_s=<deliveries/s> …}.
 */
public final class FanoutLoad {
    private FanoutLoad() {
    }

    /** Publishes event number {@code n}; blocking is fine (each publisher is its own thread). */
    interface Publisher {
        void publish(long n) throws Exception;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String mode = args.text("mode", "sse");
        String host = "127.0.0.1";
        int port = args.integer("port", 8080);
        int count = args.integer("subscribers", 1000);
        String topic = args.text("topic", "bench.fanout");
        Subscribers.Protocol protocol = mode.equals("nats")
                ? Subscribers.Protocol.nats(topic)
                : Subscribers.Protocol.sse(host, port, "acme", topic);
        try (Subscribers subscribers = new Subscribers(protocol, new InetSocketAddress(host, port), count)) {
            subscribers.openAll(200, 60_000);
            if (subscribers.ready() < count) {
                throw new IllegalStateException("only " + subscribers.ready() + " of " + count + " subscribers connected");
            }
            Thread.sleep(500); // the server registers the last subscribers after answering their headers
            List<Publisher> publishers = mode.equals("nats") ? natsPublishers(port, topic) : ssePublishers(port, topic, args);
            AtomicLong published = new AtomicLong();
            long lead = args.integer("lead", 256);
            List<Thread> threads = new ArrayList<>();
            for (Publisher publisher : publishers) {
                Thread thread = new Thread(() -> publishLoop(publisher, published, subscribers, lead), "publisher");
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            new Phases(args).warmUp(mode + " fan-out", subscribers::total);
            double seconds = args.decimal("duration", 10);
            long before = subscribers.total();
            long start = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long delivered = subscribers.total() - before;
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(java.util.Locale.ROOT,
                    "RESULT requests_per_s=%.0f p50_ms=0 p90_ms=0 p99_ms=0 requests=%d errors=%d published=%d%n",
                    delivered / elapsed, delivered, subscribers.closed(), published.get());
        }
        System.exit(0);
    }

    private static void publishLoop(Publisher publisher, AtomicLong published, Subscribers subscribers, long lead) {
        long slowest = 0;
        while (true) {
            long n = published.get();
            if (n - slowest >= lead) {
                slowest = subscribers.slowest();
                if (n - slowest >= lead) {
                    LockSupport.parkNanos(50_000);
                    continue;
                }
            }
            if (!published.compareAndSet(n, n + 1)) {
                continue;
            }
            try {
                publisher.publish(n);
            } catch (Exception e) {
                System.err.println("publish failed: " + e);
                LockSupport.parkNanos(10_000_000);
            }
        }
    }

    private static List<Publisher> natsPublishers(int port, String subject) throws Exception {
        Connection nats = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port).build());
        return List.of(n -> nats.publish(subject, event(n)));
    }

    private static List<Publisher> ssePublishers(int port, String topic, Args args) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/mig/v0.1/publish/" + topic);
        List<Publisher> publishers = new ArrayList<>();
        for (int i = 0; i < args.integer("publishers", 4); i++) {
            publishers.add(n -> {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .header("X-Tenant-ID", "acme")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(envelope(n)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("publish answered " + response.statusCode() + ": " + response.body());
                }
            });
        }
        return publishers;
    }

    /** The event's payload: the same bytes on NATS as inside migd's envelope. */
    private static byte[] event(long n) {
        return ("{\"n\":" + n + ",\"text\":\"hello\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] envelope(long n) {
        return ("{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"n\":" + n + ",\"text\":\"hello\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
