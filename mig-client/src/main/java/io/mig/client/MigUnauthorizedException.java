package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code MIG_UNAUTHORIZED}: no valid credentials (HTTP 401): a missing, expired or invalid bearer token. */
public class MigUnauthorizedException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigUnauthorizedException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_UNAUTHORIZED", message, retryable, details, httpStatus);
    }
}
