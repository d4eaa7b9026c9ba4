package io.mig.core.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides which refusals of unauthenticated callers are audited one by one: the first
 * {@code perWindow} of every window, the rest only counted. An anonymous flood then costs the
 * audit trail a few records a minute instead of one per request.
 */
final class RefusalSampler {
    static final int DEFAULT_PER_WINDOW = 20;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    private final int perWindow;
    private final Duration window;
    private final Clock clock;
    private Instant windowEnd = Instant.MIN;
    private int admitted;
    private long suppressed;

    RefusalSampler(int perWindow, Duration window, Clock clock) {
        this.perWindow = perWindow;
        this.window = window;
        this.clock = clock;
    }

    /** True when this refusal is to be recorded; false when it is only counted. */
    synchronized boolean admit() {
        Instant now = clock.instant();
        if (!now.isBefore(windowEnd)) {
            windowEnd = now.plus(window);
            admitted = 0;
        }
        if (admitted < perWindow) {
            admitted++;
            return true;
        }
        suppressed++;
        return false;
    }

    /** Refusals counted but not recorded since start. */
    synchronized long suppressed() {
        return suppressed;
    }
}
