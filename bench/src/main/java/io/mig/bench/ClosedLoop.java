package io.mig.bench;

/**
 * A closed-loop load generator: a fixed number of requests in flight, each completion sending the
 * next one at once. Subclasses send one request and call {@link #completed} when its answer (or
 * failure) arrives, on whatever thread the client library calls back on.
 */
abstract class ClosedLoop {
    final Latencies latencies = new Latencies();
    private volatile boolean running = true;

    /** Sends one request started at {@code startNanos}; must lead to exactly one {@link #completed}. */
    abstract void send(long startNanos);

    final void completed(long startNanos, boolean ok) {
        latencies.record(startNanos, ok);
        if (running) {
            send(System.nanoTime());
        }
    }

    /** Warms up (see {@link Phases}), then measures {@code --duration} seconds and prints the RESULT line. */
    final void run(Args args, String what) throws InterruptedException {
        int inFlight = args.integer("inflight", 32);
        double seconds = args.decimal("duration", 10);
        for (int i = 0; i < inFlight; i++) {
            send(System.nanoTime());
        }
        new Phases(args).warmUp(what, latencies::requests);
        latencies.reset();
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        double elapsed = (System.nanoTime() - start) / 1e9;
        String line = latencies.resultLine(elapsed);
        running = false;
        System.out.println(line);
    }
}
