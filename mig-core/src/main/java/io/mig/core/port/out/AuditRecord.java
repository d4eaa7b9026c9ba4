package io.mig.core.port.out;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One audit record (SPEC §8.3): every INVOKE outcome and every control-plane mutation.
 * {@code outcome} is {@code success} or {@code failure}; a failure carries the MIG error code.
 */
public record AuditRecord(
        @JsonProperty("actor") String actor,
        @JsonProperty("tenant_id") String tenantId,
        @JsonProperty("capability") String capability,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("message_id") String messageId,
        @JsonProperty("code") String code,
        @JsonProperty("binding") String binding,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("traceparent") String traceparent) {
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
}
