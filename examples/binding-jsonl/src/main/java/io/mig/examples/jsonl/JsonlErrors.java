package io.mig.examples.jsonl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.ErrorRecorder;
import io.mig.core.json.MigJson;
import io.mig.core.model.ErrorEnvelope;
import io.mig.core.model.MessageHeader;
import java.util.Set;

/**
 * The one place where this binding turns a MIG error into an answer (SPEC §1.4): the core's error
 * envelope ({@link ErrorEnvelope#answering}), its header echoing what is known of the request
 * (message id, tenant, session, trace, idempotency key), and the error recorded with the gateway's
 * {@link ErrorRecorder} under the operation, as every binding records its errors.
 */
final class JsonlErrors {
    /** Operations this binding knows; anything else is recorded as {@code unknown} (labels stay bounded). */
    static final Set<String> OPERATIONS = Set.of("hello", "discover", "invoke", "publish", "subscribe", "unsubscribe",
            "cancel", "heartbeat");

    private final ErrorRecorder recorder;

    JsonlErrors(ErrorRecorder recorder) {
        this.recorder = recorder;
    }

    /** The error line's envelope for a request whose body (possibly null or unreadable) was {@code body}. */
    ErrorEnvelope envelope(String operation, ObjectNode body, MigException error) {
        recorder.answered(operation != null && OPERATIONS.contains(operation) ? operation : "unknown", error);
        return ErrorEnvelope.answering(echo(body), error.toError());
    }

    /** The request's header as far as it can be read, or null. */
    private static MessageHeader echo(ObjectNode body) {
        if (body != null && body.get("header") instanceof ObjectNode header) {
            try {
                return MigJson.convert(header, MessageHeader.class);
            } catch (MigException ignored) {
                // a header that does not parse is echoed as nothing
            }
        }
        return null;
    }
}
