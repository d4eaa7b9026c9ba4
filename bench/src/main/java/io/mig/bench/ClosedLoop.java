package io.mig.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A closed-loop load generator: a fixed number of requests in flight, each completion sending the
 * next one at once. Subclasses send one request and call {@link #completed} when its answer (or
 * failure) arrives, on whatever thread the client library calls back on.
 */
abstract class ClosedLoop implements Load {
    final Latencies latencies = new Latencies();
    private final int inFlight;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean running;

    ClosedLoop(int inFlight) {
        this.inFlight = inFlight;
    }

    /** Sends one request started at {@code startNanos}; must lead to exactly one {@link #completed}. */
    abstract void send(long startNanos);

    final void completed(long startNanos, boolean ok) {
        latencies.record(startNanos, ok);
        if (running) {
            send(System.nanoTime());
        } else {
            outstanding.decrementAndGet();
        }
    }

    @Override
    public void start() {
        running = true;
        outstanding.set(inFlight);
        for (int i = 0; i < inFlight; i++) {
            send(System.nanoTime());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Override
    public LongSupplier counter() {
        return latencies::requests;
    }

    @Override
    public void reset() {
        latencies.reset();
    }

    @Override
    public String result(double seconds) {
        return latencies.resultLine(seconds);
    }
}
