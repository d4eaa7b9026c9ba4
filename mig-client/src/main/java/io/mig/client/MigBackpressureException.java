package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code MIG_BACKPRESSURE}: the gateway or the provider is at capacity (HTTP 503); retry later. On a subscription it means the subscriber was too slow, and the client resumes by itself. */
public class MigBackpressureException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigBackpressureException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_BACKPRESSURE", message, retryable, details, httpStatus);
    }
}
