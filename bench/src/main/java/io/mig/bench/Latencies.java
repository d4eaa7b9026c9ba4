package io.mig.bench;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request count, errors and a latency histogram with 10 µs buckets up to 10 s: enough resolution
 * for p50/p99 of loopback calls, recorded from any thread without locks.
 */
final class Latencies {
    private static final int BUCKET_MICROS = 10;
    private static final int BUCKETS = 1_000_000;

    private final AtomicIntegerArray buckets = new AtomicIntegerArray(BUCKETS);
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();

    void record(long startNanos, boolean ok) {
        long micros = (System.nanoTime() - startNanos) / 1000;
        buckets.incrementAndGet((int) Math.min(BUCKETS - 1, micros / BUCKET_MICROS));
        requests.increment();
        if (!ok) {
            errors.increment();
        }
    }

    long requests() {
        return requests.sum();
    }

    void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets.set(i, 0);
        }
        requests.reset();
        errors.reset();
    }

    double percentileMillis(double percent) {
        long total = 0;
        int[] copy = new int[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = buckets.get(i);
            total += copy[i];
        }
        long rank = (long) Math.ceil(total * percent / 100.0);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += copy[i];
            if (seen >= rank && copy[i] > 0) {
                return (i + 0.5) * BUCKET_MICROS / 1000.0;
            }
        }
        return 0;
    }

    /** The line {@code bench/run} parses, in the format of {@code bench/invoke.lua}. */
    String resultLine(double seconds) {
        return String.format(java.util.Locale.ROOT,
                "RESULT requests_per_s=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f requests=%d errors=%d",
                requests.sum() / seconds, percentileMillis(50), percentileMillis(90), percentileMillis(99),
                requests.sum(), errors.sum());
    }
}
