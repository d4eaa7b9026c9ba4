package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The header present on every MIG request and response envelope (SPEC §1.1). Every field is
 * optional on the way in; the gateway resolves the missing ones (message id, timestamp, tenant,
 * deadline, traceparent) and echoes the result.
 */
public record MessageHeader(
        @JsonProperty("mig_version") String migVersion,
        @JsonProperty("message_id") String messageId,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("tenant_id") String tenantId,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("traceparent") String traceparent,
        @JsonProperty("idempotency_key") String idempotencyKey,
        @JsonProperty("deadline_ms") Long deadlineMs,
        @JsonProperty("meta") ObjectNode meta) {

    /** An empty header: everything is resolved by the gateway. */
    public static MessageHeader empty() {
        return new MessageHeader(null, null, null, null, null, null, null, null, null);
    }

    /** A header naming only the tenant. */
    public static MessageHeader forTenant(String tenantId) {
        return new MessageHeader(null, null, null, tenantId, null, null, null, null, null);
    }

    public MessageHeader withMigVersion(String value) {
        return new MessageHeader(value, messageId, timestamp, tenantId, sessionId, traceparent, idempotencyKey, deadlineMs, meta);
    }

    public MessageHeader withMessageId(String value) {
        return new MessageHeader(migVersion, value, timestamp, tenantId, sessionId, traceparent, idempotencyKey, deadlineMs, meta);
    }

    public MessageHeader withTimestamp(String value) {
        return new MessageHeader(migVersion, messageId, value, tenantId, sessionId, traceparent, idempotencyKey, deadlineMs, meta);
    }

    public MessageHeader withTenantId(String value) {
        return new MessageHeader(migVersion, messageId, timestamp, value, sessionId, traceparent, idempotencyKey, deadlineMs, meta);
    }

    public MessageHeader withTraceparent(String value) {
        return new MessageHeader(migVersion, messageId, timestamp, tenantId, sessionId, value, idempotencyKey, deadlineMs, meta);
    }

    public MessageHeader withIdempotencyKey(String value) {
        return new MessageHeader(migVersion, messageId, timestamp, tenantId, sessionId, traceparent, value, deadlineMs, meta);
    }

    public MessageHeader withDeadlineMs(Long value) {
        return new MessageHeader(migVersion, messageId, timestamp, tenantId, sessionId, traceparent, idempotencyKey, value, meta);
    }

    public MessageHeader withMeta(ObjectNode value) {
        return new MessageHeader(migVersion, messageId, timestamp, tenantId, sessionId, traceparent, idempotencyKey, deadlineMs, value);
    }

    /** A text entry of {@code meta}, or null. */
    public String metaText(String key) {
        if (meta == null || !meta.hasNonNull(key) || !meta.get(key).isValueNode()) {
            return null;
        }
        return meta.get(key).asText();
    }
}
