package io.mig.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import java.time.Duration;
import java.util.Optional;

/**
 * The options every provider kind shares (SPEC §4.6), read from a registration's {@code provider}
 * block or given with an in-process provider. The gateway applies the bulkhead and the timeout
 * itself, the same way for every kind; providers that call out (HTTP, NATS) honour
 * {@code forward_authorization}.
 *
 * @param maxConcurrency calls of this capability running at once; one more is refused at once
 *                       with {@code MIG_BACKPRESSURE} ({@code max_concurrency}, default 64)
 * @param timeout upper bound of one call under the caller's deadline ({@code timeout_ms}); null: none
 * @param forwardAuthorization whether the caller's bearer token goes to the provider
 *                             ({@code forward_authorization}, default false)
 */
public record ProviderOptions(int maxConcurrency, Duration timeout, boolean forwardAuthorization) {
    public static final String MAX_CONCURRENCY = "max_concurrency";
    public static final String TIMEOUT_MS = "timeout_ms";
    public static final String FORWARD_AUTHORIZATION = "forward_authorization";
    public static final int DEFAULT_MAX_CONCURRENCY = 64;
    public static final ProviderOptions DEFAULTS = new ProviderOptions(DEFAULT_MAX_CONCURRENCY, null, false);

    public ProviderOptions {
        if (maxConcurrency <= 0) {
            throw new IllegalArgumentException("maxConcurrency must be positive");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * Reads the options of a provider block; absent ones take their defaults.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} naming the field when a value is wrong
     */
    public static ProviderOptions from(ObjectNode spec) {
        if (spec == null) {
            return DEFAULTS;
        }
        int maxConcurrency = (int) positive(spec, MAX_CONCURRENCY, DEFAULT_MAX_CONCURRENCY, Integer.MAX_VALUE);
        long timeoutMs = positive(spec, TIMEOUT_MS, 0, Long.MAX_VALUE);
        JsonNode forward = spec.get(FORWARD_AUTHORIZATION);
        if (forward != null && !forward.isNull() && !forward.isBoolean()) {
            throw invalid(FORWARD_AUTHORIZATION, "must be true or false");
        }
        return new ProviderOptions(maxConcurrency, timeoutMs == 0 ? null : Duration.ofMillis(timeoutMs),
                forward != null && forward.asBoolean(false));
    }

    public ProviderOptions withMaxConcurrency(int value) {
        return new ProviderOptions(value, timeout, forwardAuthorization);
    }

    public ProviderOptions withTimeout(Duration value) {
        return new ProviderOptions(maxConcurrency, value, forwardAuthorization);
    }

    public ProviderOptions withForwardAuthorization(boolean value) {
        return new ProviderOptions(maxConcurrency, timeout, value);
    }

    public Optional<Duration> timeoutBound() {
        return Optional.ofNullable(timeout);
    }

    /** The time budget of one call: the caller's deadline, shortened by {@code timeout_ms}. */
    public long budgetMs(long deadlineMs) {
        return timeout == null ? deadlineMs : Math.min(deadlineMs, timeout.toMillis());
    }

    private static long positive(ObjectNode spec, String field, long fallback, long max) {
        JsonNode node = spec.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() <= 0 || node.asLong() > max) {
            throw invalid(field, "must be a positive integer");
        }
        return node.asLong();
    }

    private static MigException invalid(String field, String rule) {
        return MigException.invalid("provider." + field + " " + rule).withDetail("field", "provider." + field);
    }
}
