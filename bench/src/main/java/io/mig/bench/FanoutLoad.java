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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * P5a: events per second delivered to {@code --subscribers} (1,000) subscribers of one topic —
 * NATS core subscribers (load {@code limit}, published with jnats) or migd's SSE subscribers (load
 * {@code migd}, published with {@code POST /mig/v0.1/publish}). The publishers run as fast as the
 * slowest subscriber allows: never more than {@code --lead} (256) events ahead of it, below migd's
 * per-subscriber queue of 1,024, so nobody is dropped for backpressure and the rate is what the
 * server can deliver. Every start opens new subscribers (on migd, of a new topic: no replay of
 * earlier events); the RESULT line's {@code requests_per_s} is deliveries per second and
 * {@code errors} the subscribers the server ended. Driven by {@link LoadCommands}.
 * Usage: {@code FanoutLoad --limit NATS_PORT --migd HTTP_PORT [--subscribers 1000 --window 5 --warmup-cap 60]}.
 */
public final class FanoutLoad implements Load {
    private static final String HOST = "127.0.0.1";

    /** Publishes event number {@code n}; blocking is fine (each publisher is its own thread). */
    interface Publisher {
        void publish(long n) throws Exception;
    }

    private final boolean sse;
    private final int port;
    private final int count;
    private final long lead;
    private final int publisherThreads;
    private final Connection nats;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Subscribers subscribers;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    private long base;
    private int topics;

    private FanoutLoad(boolean sse, int port, Args args) throws Exception {
        this.sse = sse;
        this.port = port;
        this.count = args.integer("subscribers", 1000);
        this.lead = args.integer("lead", 256);
        this.publisherThreads = sse ? args.integer("publishers", 4) : 1;
        this.nats = sse ? null : Nats.connect(new Options.Builder().server("nats://" + HOST + ":" + port).build());
    }

    @Override
    public void start() throws Exception {
        String topic = "bench.fanout.t" + (++topics) + "x" + System.nanoTime() % 1_000_000;
        Subscribers.Protocol protocol = sse ? Subscribers.Protocol.sse(HOST, port, "acme", topic) : Subscribers.Protocol.nats(topic);
        subscribers = new Subscribers(protocol, new InetSocketAddress(HOST, port), count);
        subscribers.openAll(200, 120_000);
        if (subscribers.ready() < count) {
            throw new IllegalStateException("only " + subscribers.ready() + " of " + count + " subscribers connected");
        }
        Thread.sleep(300); // the server registers the last subscribers after answering their headers
        published.set(0);
        running = true;
        for (int i = 0; i < publisherThreads; i++) {
            Publisher publisher = sse ? ssePublisher(topic) : natsPublisher(topic);
            Thread thread = new Thread(() -> publishLoop(publisher), "publisher");
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public void stop() throws Exception {
        running = false;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        threads.clear();
        subscribers.close();
    }

    @Override
    public LongSupplier counter() {
        return () -> subscribers.total();
    }

    @Override
    public void reset() {
        base = subscribers.total();
    }

    @Override
    public String result(double seconds) {
        long delivered = subscribers.total() - base;
        return String.format(java.util.Locale.ROOT,
                "RESULT requests_per_s=%.0f p50_ms=0 p90_ms=0 p99_ms=0 requests=%d errors=%d published=%d",
                delivered / seconds, delivered, subscribers.closed(), published.get());
    }

    private void publishLoop(Publisher publisher) {
        long slowest = 0;
        while (running) {
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

    private Publisher natsPublisher(String subject) {
        return n -> nats.publish(subject, event(n));
    }

    private Publisher ssePublisher(String topic) {
        URI uri = URI.create("http://" + HOST + ":" + port + "/mig/v0.1/publish/" + topic);
        return n -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("X-Tenant-ID", "acme")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(envelope(n)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("publish answered " + response.statusCode() + ": " + response.body());
            }
        };
    }

    /** The event's payload: the same bytes on NATS as inside migd's envelope. */
    private static byte[] event(long n) {
        return ("{\"n\":" + n + ",\"text\":\"hello\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] envelope(long n) {
        return ("{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"n\":" + n + ",\"text\":\"hello\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Map<String, Load> loads = new LinkedHashMap<>();
        loads.put("limit", new FanoutLoad(false, args.integer("limit", 4222), args));
        loads.put("migd", new FanoutLoad(true, args.integer("migd", 8080), args));
        LoadCommands.serve(loads, args);
        System.exit(0);
    }
}
