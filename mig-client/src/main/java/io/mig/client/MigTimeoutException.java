package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code MIG_TIMEOUT}: the deadline passed (HTTP 504, retryable), or the invocation was cancelled
 * by a CANCEL ({@link #cancelled()}, not retryable).
 */
public class MigTimeoutException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigTimeoutException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_TIMEOUT", message, retryable, details, httpStatus);
    }

    /** True when a CANCEL ended the invocation ({@code details.cancelled}). */
    public boolean cancelled() {
        return details().path("cancelled").asBoolean(false);
    }
}
