package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code MIG_NOT_FOUND}: no such route or resource (HTTP 404). */
public class MigNotFoundException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigNotFoundException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_NOT_FOUND", message, retryable, details, httpStatus);
    }
}
