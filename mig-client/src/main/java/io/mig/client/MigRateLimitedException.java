package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/** {@code MIG_RATE_LIMITED}: the tenant's quota is used up (HTTP 429, retryable). */
public class MigRateLimitedException extends MigClientException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public MigRateLimitedException(String message, boolean retryable, JsonNode details, int httpStatus, Duration retryAfter) {
        super("MIG_RATE_LIMITED", message, retryable, details, httpStatus);
        this.retryAfter = retryAfter;
    }

    /**
     * How long to wait before the quota window opens again: the {@code Retry-After} header, else
     * {@code details.retry_after_seconds}; empty for a lifetime cap, which no waiting lifts.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
