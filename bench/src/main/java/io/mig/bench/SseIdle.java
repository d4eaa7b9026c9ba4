package io.mig.bench;

import java.net.InetSocketAddress;

/**
 * P5b: opens {@code --subscribers} (10,000) SSE subscribers of one topic on migd, prints
 * {@code CONNECTED n} once they are all streaming, holds them open and idle for {@code --hold}
 * seconds, then prints {@code CLOSED n} (how many the server ended meanwhile) and exits.
 * {@code bench/run} reads migd's heap and CPU around the hold.
 */
public final class SseIdle {
    private SseIdle() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int port = args.integer("port", 8080);
        int count = args.integer("subscribers", 10_000);
        Subscribers.Protocol sse = Subscribers.Protocol.sse("127.0.0.1", port, "acme", args.text("topic", "bench.idle"));
        try (Subscribers subscribers = new Subscribers(sse, new InetSocketAddress("127.0.0.1", port), count)) {
            subscribers.openAll(250, 180_000);
            System.out.println("CONNECTED " + subscribers.ready());
            Thread.sleep((long) (args.decimal("hold", 60) * 1000));
            System.out.println("CLOSED " + subscribers.closed());
        }
        System.exit(0);
    }
}
