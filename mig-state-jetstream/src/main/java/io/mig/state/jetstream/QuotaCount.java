package io.mig.state.jetstream;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The value of one quota counter key {@code (tenant, kind)}: the count of the newest window seen and
 * of the one before it (an instance whose clock lags a little may still count into that one). A
 * lifetime limit has one window, starting at 0. When a window starts, its counter replaces the
 * oldest, so a key never holds more than two windows and past windows need no expiry.
 *
 * @param windowStart   the newest window's first second
 * @param count         invocations counted in it
 * @param previousStart the window before it, or null
 * @param previousCount invocations counted in that one
 */
record QuotaCount(@JsonProperty("window_start") long windowStart,
                  @JsonProperty("count") long count,
                  @JsonProperty("previous_start") Long previousStart,
                  @JsonProperty("previous_count") long previousCount) {

    static QuotaCount first(long windowStart) {
        return new QuotaCount(windowStart, 1, null, 0);
    }

    /**
     * This counter with one more invocation in the window starting at {@code start}, or null when that
     * window already holds {@code max} (or is older than the two kept: refused rather than counted
     * nowhere).
     */
    QuotaCount plusOne(long start, long max) {
        if (start == windowStart) {
            return count < max ? new QuotaCount(windowStart, count + 1, previousStart, previousCount) : null;
        }
        if (start > windowStart) {
            return new QuotaCount(start, 1, windowStart, count);
        }
        if (previousStart != null && start == previousStart) {
            return previousCount < max ? new QuotaCount(windowStart, count, previousStart, previousCount + 1) : null;
        }
        return null;
    }

    /** Invocations counted in the window starting at {@code start}; 0 for a window not kept. */
    long usedIn(long start) {
        if (start == windowStart) {
            return count;
        }
        return previousStart != null && start == previousStart ? previousCount : 0;
    }
}
