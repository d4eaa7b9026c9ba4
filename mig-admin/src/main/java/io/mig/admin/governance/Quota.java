package io.mig.admin.governance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tenant's quota as stored and shown: a lifetime cap when {@code window_seconds} is absent, else a
 * fixed-window rate. {@code used}/{@code remaining} are counted live; {@code resets_at} is the end of
 * the current window (windowed quotas only).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Quota(@JsonProperty("tenant_id") String tenantId,
                    @JsonProperty("max_invocations") long maxInvocations,
                    @JsonProperty("window_seconds") Long windowSeconds,
                    @JsonProperty("used") long used,
                    @JsonProperty("remaining") long remaining,
                    @JsonProperty("resets_at") String resetsAt,
                    @JsonProperty("updated_at") String updatedAt) {
}
