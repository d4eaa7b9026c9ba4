package io.mig.bench;

import java.util.function.LongSupplier;

/**
 * The warm-up rule of the suite, shared by every Java load client (wrk runs follow the same rule in
 * {@code bench/run}): measure back-to-back windows of a counter until two consecutive windows are
 * within the tolerance of each other (counted only once the minimum has passed: the JIT keeps
 * improving a process for 30–60 s, and two slow windows in a row look stable), or the cap is
 * reached; then measure the run itself.
 */
final class Phases {
    private final double windowSeconds;
    private final double tolerance;
    private final double capSeconds;
    private final double minSeconds;

    Phases(Args args) {
        this.windowSeconds = args.decimal("window", 5);
        this.tolerance = args.decimal("tolerance", 0.03);
        this.capSeconds = args.decimal("warmup-cap", 60);
        this.minSeconds = Math.min(capSeconds, args.decimal("warmup-min", 0));
    }

    /** Runs windows until the rate of {@code counter} is stable; prints each window on stderr; answers the last rate. */
    double warmUp(String what, LongSupplier counter) throws InterruptedException {
        double previous = -1;
        double spent = 0;
        double rate = 0;
        while (spent + windowSeconds <= capSeconds + 1e-9) {
            rate = rate(counter, windowSeconds);
            spent += windowSeconds;
            System.err.printf("warm-up %s: %.0f/s after %.0f s%n", what, rate, spent);
            if (spent >= minSeconds - 1e-9 && previous > 0 && Math.abs(rate - previous) <= tolerance * Math.max(rate, previous)) {
                return rate;
            }
            previous = rate;
        }
        return rate;
    }

    /** The counter's increase per second over the given seconds. */
    static double rate(LongSupplier counter, double seconds) throws InterruptedException {
        long before = counter.getAsLong();
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long after = counter.getAsLong();
        return (after - before) / ((System.nanoTime() - start) / 1e9);
    }
}
