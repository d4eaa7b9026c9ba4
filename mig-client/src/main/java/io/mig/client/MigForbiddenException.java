package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code MIG_FORBIDDEN}: the caller may not do this (HTTP 403): a missing scope or another tenant. */
public class MigForbiddenException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigForbiddenException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_FORBIDDEN", message, retryable, details, httpStatus);
    }
}
