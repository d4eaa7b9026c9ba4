package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code MIG_UNAVAILABLE}: the gateway or the provider cannot serve now (HTTP 503), e.g. no provider bound or the gateway shutting down. */
public class MigUnavailableException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigUnavailableException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_UNAVAILABLE", message, retryable, details, httpStatus);
    }
}
