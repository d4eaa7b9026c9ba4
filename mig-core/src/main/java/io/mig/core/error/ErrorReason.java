package io.mig.core.error;

/**
 * Why an error has its code, where SPEC §1.4 lets a binding answer more precisely than the code
 * alone (HTTP says 413, 422 or 502 for these). It never travels on the wire as such: the MIG error
 * object stays {@code code, message, retryable, details}, and bindings without a finer status
 * model (gRPC, NATS) ignore it.
 *
 * <pre>{@code
 * throw MigException.invalid("payload is too large").withReason(ErrorReason.TOO_LARGE);
 * }</pre>
 */
public enum ErrorReason {
    /** Nothing more precise than the code. */
    NONE,
    /** A body, payload or event over a configured size limit ({@code MIG_INVALID_REQUEST}). */
    TOO_LARGE,
    /** An idempotency key reused with a different request ({@code MIG_INVALID_REQUEST}). */
    IDEMPOTENCY_KEY_REUSED,
    /** The provider misbehaved: it failed or answered something MIG cannot use ({@code MIG_INTERNAL}). */
    PROVIDER_FAILED
}
