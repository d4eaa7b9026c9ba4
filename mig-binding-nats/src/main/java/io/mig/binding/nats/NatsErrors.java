package io.mig.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.ErrorRecorder;
import io.mig.core.json.MigJson;
import io.mig.core.model.ErrorEnvelope;
import io.mig.core.model.MessageHeader;

/**
 * The one place where MIG errors become NATS replies (SPEC §7): the MIG error envelope, its header
 * echoing what the body says of the request, each reply counted once through
 * the core's {@link ErrorRecorder}. NATS has no status of its own: code and reason travel only in
 * the envelope.
 */
final class NatsErrors {
    private NatsErrors() {
    }

    /** The error reply to a request with this body (null when it did not parse), counted as an error of {@code operation}. */
    static ErrorEnvelope reply(ErrorRecorder errors, ObjectNode body, Throwable failure, String operation) {
        MigException error = errors.answered(operation, failure);
        return ErrorEnvelope.answering(header(body), error.toError());
    }

    /** The request's header as the body gives it; null when there is none or it does not parse. */
    private static MessageHeader header(ObjectNode body) {
        MessageHeader known = null;
        if (body != null && body.get("header") instanceof ObjectNode header) {
            try {
                known = MigJson.convert(header, MessageHeader.class);
            } catch (MigException ignored) {
                // a header that does not parse is echoed as nothing
            }
        }
        return known;
    }
}
