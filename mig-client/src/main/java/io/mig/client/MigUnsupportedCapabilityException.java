package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code MIG_UNSUPPORTED_CAPABILITY}: the capability is not registered (HTTP 404). */
public class MigUnsupportedCapabilityException extends MigClientException {
    private static final long serialVersionUID = 1L;

    public MigUnsupportedCapabilityException(String message, boolean retryable, JsonNode details, int httpStatus) {
        super("MIG_UNSUPPORTED_CAPABILITY", message, retryable, details, httpStatus);
    }
}
