package io.mig.core.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.model.MigError;

/**
 * A MIG operation failed with a MIG error. Thrown by the core and by providers; every binding turns
 * it into its error envelope. Build one with the static factories and refine it with the
 * {@code with…} methods:
 *
 * <pre>{@code
 * throw MigException.invalid("payload must be an object").withDetail("field", "payload");
 * }</pre>
 */
public final class MigException extends RuntimeException {
    private final ErrorCode code;
    private final boolean retryable;
    private final ObjectNode details;
    private final ErrorReason reason;

    public MigException(ErrorCode code, String message) {
        this(code, message, code.retryable(), JsonNodeFactory.instance.objectNode(), ErrorReason.NONE, null);
    }

    private MigException(ErrorCode code, String message, boolean retryable, ObjectNode details, ErrorReason reason,
                         Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.retryable = retryable;
        this.details = details;
        this.reason = reason;
    }

    public static MigException invalid(String message) {
        return new MigException(ErrorCode.MIG_INVALID_REQUEST, message);
    }

    public static MigException forbidden(String message) {
        return new MigException(ErrorCode.MIG_FORBIDDEN, message);
    }

    public static MigException unauthorized(String message) {
        return new MigException(ErrorCode.MIG_UNAUTHORIZED, message);
    }

    public static MigException notFound(String message) {
        return new MigException(ErrorCode.MIG_NOT_FOUND, message);
    }

    public static MigException unavailable(String message) {
        return new MigException(ErrorCode.MIG_UNAVAILABLE, message);
    }

    public static MigException internal(String message) {
        return new MigException(ErrorCode.MIG_INTERNAL, message);
    }

    public static MigException backpressure(String message) {
        return new MigException(ErrorCode.MIG_BACKPRESSURE, message);
    }

    /** The deadline passed: retryable. */
    public static MigException deadlineExceeded(long deadlineMs) {
        return new MigException(ErrorCode.MIG_TIMEOUT, "deadline of " + deadlineMs + " ms exceeded")
                .withDetail("deadline_ms", deadlineMs);
    }

    /** The work was cancelled by a CANCEL: a timeout that must not be retried. */
    public static MigException cancelled(String reason) {
        MigException e = new MigException(ErrorCode.MIG_TIMEOUT, "cancelled" + (reason == null || reason.isEmpty() ? "" : ": " + reason))
                .withRetryable(false)
                .withDetail("cancelled", true);
        return reason == null ? e : e.withDetail("reason", reason);
    }

    /** Turns any throwable into a MIG error; unknown failures become {@code MIG_INTERNAL}. */
    public static MigException from(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof MigException mig) {
            return mig;
        }
        if (cause instanceof java.util.concurrent.CancellationException) {
            return cancelled(null);
        }
        return new MigException(ErrorCode.MIG_INTERNAL, "internal error", false,
                JsonNodeFactory.instance.objectNode(), ErrorReason.NONE, cause);
    }

    public MigException withDetail(String key, Object value) {
        ObjectNode copy = details.deepCopy();
        copy.set(key, toNode(value));
        return new MigException(code, getMessage(), retryable, copy, reason, getCause());
    }

    public MigException withDetails(ObjectNode more) {
        ObjectNode copy = details.deepCopy();
        copy.setAll(more);
        return new MigException(code, getMessage(), retryable, copy, reason, getCause());
    }

    public MigException withRetryable(boolean value) {
        return new MigException(code, getMessage(), value, details, reason, getCause());
    }

    /** Says why the error has its code, for bindings that answer more precisely (HTTP 413, 422, 502). */
    public MigException withReason(ErrorReason value) {
        return new MigException(code, getMessage(), retryable, details, java.util.Objects.requireNonNull(value, "reason"),
                getCause());
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public ObjectNode details() {
        return details.deepCopy();
    }

    /** Why the error has its code; {@link ErrorReason#NONE} unless a {@code with…} said more. */
    public ErrorReason reason() {
        return reason;
    }

    /** The wire form of this error. */
    public MigError toError() {
        return new MigError(code, getMessage(), retryable, details.deepCopy());
    }

    /** Rebuilds an exception from a wire error (e.g. passed through from a provider). */
    public static MigException of(MigError error) {
        ObjectNode details = error.details() == null ? JsonNodeFactory.instance.objectNode() : error.details().deepCopy();
        return new MigException(error.code(), error.message(), error.retryable(), details, ErrorReason.NONE, null);
    }

    private static JsonNode toNode(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (value instanceof Boolean b) {
            return JsonNodeFactory.instance.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return JsonNodeFactory.instance.numberNode(i);
        }
        if (value instanceof Long l) {
            return JsonNodeFactory.instance.numberNode(l);
        }
        if (value instanceof Number n) {
            return JsonNodeFactory.instance.numberNode(n.doubleValue());
        }
        return JsonNodeFactory.instance.textNode(String.valueOf(value));
    }
}
