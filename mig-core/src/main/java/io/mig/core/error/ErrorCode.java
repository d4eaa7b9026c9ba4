package io.mig.core.error;

/**
 * The MIG error codes (SPEC §1.4) with their retryability. The core knows no transport: each
 * binding maps a code (and its {@link ErrorReason}) to its own status model in exactly one class.
 */
public enum ErrorCode {
    MIG_INVALID_REQUEST(false),
    MIG_UNAUTHORIZED(false),
    MIG_FORBIDDEN(false),
    MIG_NOT_FOUND(false),
    MIG_UNSUPPORTED_CAPABILITY(false),
    MIG_VERSION_MISMATCH(false),
    MIG_TIMEOUT(true),
    MIG_RATE_LIMITED(true),
    MIG_BACKPRESSURE(true),
    MIG_UNAVAILABLE(true),
    MIG_INTERNAL(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
