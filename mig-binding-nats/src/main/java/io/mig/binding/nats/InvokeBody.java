package io.mig.binding.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;

/**
 * An INVOKE body, already parsed (and its header filled from the NATS headers), as the core's
 * {@link InvokeRequest}. Binding the tree with Jackson walks it a second time through a token
 * stream and copies the payload (6 % of a NATS INVOKE); a body of the common shape — a header of
 * text fields, a payload object — is read here field by field instead, keeping the payload node
 * itself. Any other shape (a number where text goes, an explicit null, a stream preference) is
 * bound by {@link MigJson#convert} as before, so every value and every error stays what it was.
 */
final class InvokeBody {
    /** The text fields of {@link MessageHeader}, in the order of its components. */
    private static final String[] TEXT_FIELDS = {"mig_version", "message_id", "timestamp", "tenant_id", "session_id",
            "traceparent", "idempotency_key"};

    private InvokeBody() {
    }

    /** The request for {@code capability} (the subject's: it wins over the body's); unary, as NATS invocations are. */
    static InvokeRequest request(ObjectNode body, String capability) {
        InvokeRequest common = commonShape(body, capability);
        if (common != null) {
            return common;
        }
        InvokeRequest bound = MigJson.convert(body, InvokeRequest.class);
        return new InvokeRequest(bound.header(), capability, bound.payload(), null);
    }

    /** The request when the body has the common shape; null when Jackson has to bind (or refuse) it. */
    static InvokeRequest commonShape(ObjectNode body, String capability) {
        JsonNode header = body.get("header");
        JsonNode payload = body.get("payload");
        JsonNode named = body.get("capability");
        if (!(header == null || header.isObject()) || !(payload == null || payload.isObject())
                || !(named == null || named.isTextual()) || body.get("stream_preference") != null) {
            return null;
        }
        MessageHeader resolved = null;
        if (header != null) {
            resolved = header((ObjectNode) header);
            if (resolved == null) {
                return null;
            }
        }
        return new InvokeRequest(resolved, capability, (ObjectNode) payload, null);
    }

    private static MessageHeader header(ObjectNode header) {
        JsonNode deadline = header.get("deadline_ms");
        JsonNode meta = header.get("meta");
        if (!(deadline == null || deadline.isInt() || deadline.isLong()) || !(meta == null || meta.isObject())) {
            return null;
        }
        String[] texts = new String[TEXT_FIELDS.length];
        for (int i = 0; i < TEXT_FIELDS.length; i++) {
            JsonNode value = header.get(TEXT_FIELDS[i]);
            if (value != null && !value.isTextual()) {
                return null;
            }
            texts[i] = value == null ? null : value.textValue();
        }
        return new MessageHeader(texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], texts[6],
                deadline == null ? null : deadline.longValue(), (ObjectNode) meta);
    }
}
