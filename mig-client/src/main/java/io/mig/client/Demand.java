package io.mig.client;

import java.util.concurrent.atomic.AtomicLong;

/** What a subscriber has requested and not yet received (Reactive Streams §3: additive, capped at Long.MAX_VALUE). */
final class Demand {
    private final AtomicLong outstanding = new AtomicLong();

    /** Adds {@code n}; false (and nothing added) when {@code n} is not positive, which rule 3.9 makes an error. */
    boolean add(long n) {
        if (n <= 0) {
            return false;
        }
        outstanding.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        return true;
    }

    boolean wanted() {
        return outstanding.get() > 0;
    }

    /** One item delivered. */
    void consumed() {
        outstanding.decrementAndGet();
    }

    static IllegalArgumentException invalid(long n) {
        return new IllegalArgumentException("request(" + n + "): demand must be positive (Reactive Streams 3.9)");
    }
}
