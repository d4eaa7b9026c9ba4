package io.mig.core.error;

/**
 * The MIG error codes (SPEC §1.4) with their default HTTP status and retryability.
 * Each binding maps a code to its own status model in exactly one class.
 */
public enum ErrorCode {
    MIG_INVALID_REQUEST(400, false),
    MIG_UNAUTHORIZED(401, false),
    MIG_FORBIDDEN(403, false),
    MIG_NOT_FOUND(404, false),
    MIG_UNSUPPORTED_CAPABILITY(404, false),
    MIG_VERSION_MISMATCH(400, false),
    MIG_TIMEOUT(504, true),
    MIG_RATE_LIMITED(429, true),
    MIG_BACKPRESSURE(503, true),
    MIG_UNAVAILABLE(503, true),
    MIG_INTERNAL(500, false);

    private final int httpStatus;
    private final boolean retryable;

    ErrorCode(int httpStatus, boolean retryable) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /** The HTTP status this code maps to unless the error names a more precise one (413, 422, 405, 502). */
    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }
}
