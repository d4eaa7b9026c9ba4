package io.mig.core.port.out;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A tenant's invocation limit (SPEC §4.8): at most {@code max} invocations in its lifetime, or in
 * each window of {@code windowSeconds} (windows aligned to multiples of that length since the epoch).
 *
 * @param tenant        the tenant it limits, its key
 * @param max           invocations admitted per window, or in total
 * @param windowSeconds the window length, or null for a lifetime limit
 * @param updatedAt     when it was set (RFC 3339)
 */
public record QuotaLimit(@JsonProperty("tenant_id") String tenant,
                         @JsonProperty("max_invocations") long max,
                         @JsonProperty("window_seconds") Long windowSeconds,
                         @JsonProperty("updated_at") String updatedAt) {
    public QuotaLimit {
        Objects.requireNonNull(tenant, "tenant");
    }

    /** True when a replacement by {@code other} keeps the count: both lifetime, or the same window. */
    public boolean sameKindAs(QuotaLimit other) {
        return other != null && Objects.equals(windowSeconds, other.windowSeconds);
    }

    /** The first second of the window holding {@code epochSecond}; 0 for a lifetime limit. */
    public long windowStart(long epochSecond) {
        return windowSeconds == null ? 0 : Math.floorDiv(epochSecond, windowSeconds) * windowSeconds;
    }
}
