package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The header of an answer (SPEC §1.1): the gateway echoes the request's header with
 * {@code message_id}, {@code timestamp} and {@code deadline_ms} resolved.
 *
 * @param meta free-form {@code meta} object (never null; empty when absent)
 */
public record MigHeader(String migVersion, String messageId, String timestamp, String tenantId, String sessionId,
                        String traceparent, String idempotencyKey, Long deadlineMs, JsonNode meta) {

    static MigHeader from(JsonNode header) {
        JsonNode h = header == null ? Json.object() : header;
        JsonNode deadline = h.get("deadline_ms");
        return new MigHeader(Json.text(h, "mig_version"), Json.text(h, "message_id"), Json.text(h, "timestamp"),
                Json.text(h, "tenant_id"), Json.text(h, "session_id"), Json.text(h, "traceparent"),
                Json.text(h, "idempotency_key"), deadline == null || deadline.isNull() ? null : deadline.asLong(),
                h.path("meta").isObject() ? h.get("meta") : Json.object());
    }

    /** True when the gateway answered from its idempotency store instead of running the call again (SPEC §4.3). */
    public boolean idempotentReplay() {
        return meta.path("idg.idempotent_replay").asBoolean(false);
    }
}
