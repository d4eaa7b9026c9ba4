package io.mig.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a subscription reconnects after its connection dropped: exponential backoff from
 * {@code initialDelay}, times {@code multiplier} per failed attempt, never more than
 * {@code maxDelay}, each delay jittered down by up to a fifth so that many clients of one restarted
 * gateway do not come back in step. After {@code maxAttempts} failed attempts in a row the
 * subscription fails with the last error; an attempt that opens the stream resets the count.
 *
 * <pre>{@code
 * MigClient.builder().reconnect(Reconnect.defaults().maxDelay(Duration.ofSeconds(30)).maxAttempts(100))
 * }</pre>
 */
public record Reconnect(Duration initialDelay, Duration maxDelay, double multiplier, int maxAttempts) {
    private static final Reconnect DEFAULTS = new Reconnect(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 20);

    public Reconnect {
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, got " + initialDelay + ", " + maxDelay);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must not be negative: " + maxAttempts);
        }
    }

    /** 100 ms, doubling, at most 10 s apart, 20 attempts in a row (about two minutes of outage). */
    public static Reconnect defaults() {
        return DEFAULTS;
    }

    /** Never reconnect: the first dropped connection fails the subscription. */
    public static Reconnect never() {
        return new Reconnect(Duration.ZERO, Duration.ZERO, 1.0, 0);
    }

    public Reconnect initialDelay(Duration value) {
        return new Reconnect(value, maxDelay.compareTo(value) < 0 ? value : maxDelay, multiplier, maxAttempts);
    }

    public Reconnect maxDelay(Duration value) {
        return new Reconnect(initialDelay, value, multiplier, maxAttempts);
    }

    public Reconnect multiplier(double value) {
        return new Reconnect(initialDelay, maxDelay, value, maxAttempts);
    }

    /** {@link Integer#MAX_VALUE} retries for as long as it takes. */
    public Reconnect maxAttempts(int value) {
        return new Reconnect(initialDelay, maxDelay, multiplier, value);
    }

    /** The wait before attempt {@code attempt} (1 = the first reconnection). */
    Duration delay(int attempt) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        long capped = (long) Math.min(millis, maxDelay.toMillis());
        long jitter = capped / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        return Duration.ofMillis(capped - jitter);
    }
}
