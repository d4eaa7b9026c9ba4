package io.mig.binding.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.MessageHeader;
import io.nats.client.Message;
import io.nats.client.impl.Headers;

/**
 * The NATS headers that duplicate MIG header fields (SPEC §7), both ways: written on every reply
 * and provider request, read from a request when its body lacks the field.
 */
final class NatsHeaders {
    static final String VERSION = "Mig-Version";
    static final String MESSAGE_ID = "Mig-Message-Id";
    static final String TENANT = "Mig-Tenant-Id";
    static final String SESSION_ID = "Mig-Session-Id";
    static final String TRACEPARENT = "traceparent";
    static final String IDEMPOTENCY_KEY = "Mig-Idempotency-Key";
    static final String CAPABILITY = "Mig-Capability";
    static final String DEADLINE_MS = "MIG-Deadline-Ms";
    static final String AUTHORIZATION = "Authorization";
    /** Marks an event mirrored by migd, so that no migd ingests it again. */
    static final String MIRROR = "Mig-Mirror";

    private NatsHeaders() {
    }

    /** The MIG header fields as NATS headers (a field that is null or empty is left out). */
    static Headers of(MessageHeader header) {
        Headers headers = new Headers();
        if (header != null) {
            put(headers, VERSION, header.migVersion());
            put(headers, MESSAGE_ID, header.messageId());
            put(headers, TENANT, header.tenantId());
            put(headers, SESSION_ID, header.sessionId());
            put(headers, TRACEPARENT, header.traceparent());
            put(headers, IDEMPOTENCY_KEY, header.idempotencyKey());
        }
        return headers;
    }

    /** Fills the header fields the body left out from the request's NATS headers; the body wins. */
    static void fill(ObjectNode body, Message message) {
        if (!message.hasHeaders()) {
            return;
        }
        JsonNode existing = body.get("header");
        if (existing != null && !existing.isObject()) {
            return; // the envelope check reports the bad header
        }
        ObjectNode header = existing == null ? MigJson.object() : (ObjectNode) existing;
        fillField(header, "mig_version", message, VERSION);
        fillField(header, "message_id", message, MESSAGE_ID);
        fillField(header, "tenant_id", message, TENANT);
        fillField(header, "session_id", message, SESSION_ID);
        fillField(header, "traceparent", message, TRACEPARENT);
        fillField(header, "idempotency_key", message, IDEMPOTENCY_KEY);
        if (existing == null && !header.isEmpty()) {
            body.set("header", header);
        }
    }

    private static void fillField(ObjectNode header, String field, Message message, String name) {
        JsonNode present = header.get(field);
        if (present != null && !present.isNull() && !present.asText("").isEmpty()) {
            return;
        }
        String value = first(message.getHeaders(), name);
        if (value != null) {
            header.put(field, value);
        }
    }

    /** A header's first value, its name matched without regard to case (NATS keeps the sender's case). */
    static String first(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        for (String key : headers.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                String value = headers.getFirst(key);
                return blank(value) ? null : value;
            }
        }
        return null;
    }

    static String first(Message message, String name) {
        return message.hasHeaders() ? first(message.getHeaders(), name) : null;
    }

    static void put(Headers headers, String name, String value) {
        // a NATS header value is printable ASCII; any other value still travels in the body
        if (!blank(value) && printableAscii(value)) {
            headers.put(name, value);
        }
    }

    private static boolean printableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
