package io.mig.client;

/**
 * The client could not talk MIG with the gateway: the connection failed or broke, the request
 * timed out on the client's side, or the answer was not MIG (e.g. an HTML page from a proxy). Such a
 * failure says nothing about whether the gateway ran the request; retry only what is idempotent.
 */
public class MigTransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    public MigTransportException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public MigTransportException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of a non-MIG answer, or 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
