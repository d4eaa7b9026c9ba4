package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code MIG_INTERNAL}: the gateway or the provider failed (HTTP 500, or 502 when a provider misbehaved). */
public class MigInternalException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigInternalException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_INTERNAL", message, retryable, details, httpStatus);
    }
}
