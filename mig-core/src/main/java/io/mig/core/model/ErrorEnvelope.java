package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mig.core.id.Ids;
import java.time.Instant;

/** {@code {"header": …, "error": …}}: the answer to every failed MIG operation. */
public record ErrorEnvelope(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("error") MigError error) implements Envelope {

    /**
     * The error answer to a request: its header echoes what is known of the request (message id,
     * tenant, session, {@code traceparent}, idempotency key), with a fresh message id when the
     * request had none and the time of the answer. Every binding answers errors with this one.
     *
     * @param request the request's header, or null when nothing of it could be read
     */
    public static ErrorEnvelope answering(MessageHeader request, MigError error) {
        MessageHeader h = request == null ? MessageHeader.empty() : request;
        return new ErrorEnvelope(new MessageHeader("0.1",
                h.messageId() == null || h.messageId().isEmpty() ? Ids.messageId() : h.messageId(),
                Instant.now().toString(), h.tenantId(), h.sessionId(), h.traceparent(), h.idempotencyKey(), null, null),
                error);
    }
}
