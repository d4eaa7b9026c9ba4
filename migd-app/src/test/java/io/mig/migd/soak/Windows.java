package io.mig.migd.soak;

/**
 * The periods in which errors are expected: while the provider is down (from the kill until a
 * grace period after it is back) and from the SIGTERM on. A request is judged by whether its own
 * lifetime overlapped such a period, so one started just before the kill and answered after it
 * counts as expected too.
 */
final class Windows {
    /** After the provider is back, the gateway's pooled connections to the dead one may still fail once. */
    static final long GRACE_NANOS = 3_000_000_000L;

    private volatile long providerDownAt;
    private volatile long providerUpAt;
    private volatile long terminatedAt;

    void providerKilled() {
        providerUpAt = 0;
        providerDownAt = System.nanoTime();
    }

    void providerBack() {
        providerUpAt = System.nanoTime();
    }

    void terminated() {
        terminatedAt = System.nanoTime();
    }

    boolean afterTerminate(long endNanos) {
        long at = terminatedAt;
        return at != 0 && endNanos >= at;
    }

    /** Whether a request was sent after the SIGTERM (so a closed listener may leave it without an answer). */
    boolean sentAfterTerminate(long startNanos) {
        long at = terminatedAt;
        return at != 0 && startNanos >= at;
    }

    /** Whether {@code [start, end]} overlaps the provider's outage (plus its grace period). */
    boolean duringOutage(long startNanos, long endNanos) {
        long down = providerDownAt;
        if (down == 0) {
            return false;
        }
        long up = providerUpAt;
        long until = up == 0 ? Long.MAX_VALUE : up + GRACE_NANOS;
        return endNanos >= down && startNanos <= until;
    }
}
