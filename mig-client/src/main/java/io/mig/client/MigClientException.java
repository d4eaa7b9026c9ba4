package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A MIG error answered by the gateway: the {@code error} object of a MIG error envelope (SPEC §1.4),
 * with the HTTP status it came with. There is one subclass per MIG code, so callers can catch what
 * they handle:
 *
 * <pre>{@code
 * try {
 *     client.invoke("acme.tools.summarize", Map.of("text", text));
 * } catch (MigRateLimitedException e) {
 *     e.retryAfter().ifPresent(wait -> scheduleRetry(wait));
 * } catch (MigClientException e) {
 *     log.warn("{} ({}): {}", e.code(), e.httpStatus(), e.getMessage());
 * }
 * }</pre>
 *
 * A code this client does not know (a newer gateway) arrives as this base type. Failures to talk to
 * the gateway at all are {@link MigTransportException}s, not MIG errors.
 */
public class MigClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final boolean retryable;
    private final transient JsonNode details;
    private final int httpStatus;

    public MigClientException(String code, String message, boolean retryable, JsonNode details, int httpStatus) {
        super(code + ": " + message);
        this.code = code;
        this.retryable = retryable;
        this.details = details == null || details.isNull() ? JsonNodeFactory.instance.objectNode() : details;
        this.httpStatus = httpStatus;
    }

    /** The MIG code, e.g. {@code MIG_NOT_FOUND}. */
    public String code() {
        return code;
    }

    /** Whether the gateway says the same request may succeed later. */
    public boolean retryable() {
        return retryable;
    }

    /** {@code error.details}: an object, empty when the gateway gave none. */
    public JsonNode details() {
        return details;
    }

    /** The HTTP status of the answer, or 0 when the error arrived inside a stream. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The message as the gateway wrote it, without the code in front. */
    public String migMessage() {
        return getMessage().substring(code.length() + 2);
    }
}
