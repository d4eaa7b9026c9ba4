package io.mig.examples.jsonl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.ErrorEnvelope;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.GatewayMetrics;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The one place where this binding turns a MIG error into an answer (SPEC §1.4): the error envelope,
 * its header echoing what is known of the request (message id, tenant, session, trace, idempotency
 * key), counted in {@code mig_gateway_errors_total} under the operation.
 */
final class JsonlErrors {
    /** Operations this binding knows; anything else is counted as {@code unknown} (labels stay bounded). */
    static final Set<String> OPERATIONS = Set.of("hello", "discover", "invoke", "publish", "subscribe", "unsubscribe",
            "cancel", "heartbeat");

    private final GatewayMetrics metrics;

    JsonlErrors(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** The error line's envelope for a request whose body (possibly null or unreadable) was {@code body}. */
    ErrorEnvelope envelope(String operation, ObjectNode body, MigException error) {
        metrics.error(error.code(), operation != null && OPERATIONS.contains(operation) ? operation : "unknown");
        return new ErrorEnvelope(echo(body), error.toError());
    }

    private static MessageHeader echo(ObjectNode body) {
        MessageHeader known = MessageHeader.empty();
        if (body != null && body.get("header") instanceof ObjectNode header) {
            try {
                known = MigJson.convert(header, MessageHeader.class);
            } catch (MigException ignored) {
                // a header that does not parse is echoed as nothing
            }
        }
        String messageId = known.messageId() == null || known.messageId().isEmpty()
                ? UUID.randomUUID().toString() : known.messageId();
        return new MessageHeader("0.1", messageId, Instant.now().toString(), known.tenantId(), known.sessionId(),
                known.traceparent(), known.idempotencyKey(), null, null);
    }
}
