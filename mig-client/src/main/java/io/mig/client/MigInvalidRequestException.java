package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code MIG_INVALID_REQUEST}: the request is malformed or breaks a rule (HTTP 400, 413 oversize, 422 reused idempotency key, 405 wrong method); a schema violation lists {@code details.violations}. */
public class MigInvalidRequestException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigInvalidRequestException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_INVALID_REQUEST", message, retryable, details, httpStatus);
    }
}
