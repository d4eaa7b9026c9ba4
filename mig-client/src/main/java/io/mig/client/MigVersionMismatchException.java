package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code MIG_VERSION_MISMATCH}: no MIG version in common with the gateway (HTTP 400). */
public class MigVersionMismatchException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigVersionMismatchException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_VERSION_MISMATCH", message, retryable, details, httpStatus);
    }
}
