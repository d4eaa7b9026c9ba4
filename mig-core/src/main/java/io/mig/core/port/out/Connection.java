package io.mig.core.port.out;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A long-lived connection as the connection viewer shows it (guide §9). */
public record Connection(
        @JsonProperty("id") String id,
        @JsonProperty("protocol") String protocol,
        @JsonProperty("kind") String kind,
        @JsonProperty("tenant_id") String tenantId,
        @JsonProperty("actor") String actor,
        @JsonProperty("remote_addr") String remoteAddr,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("meta") Map<String, String> meta) {
    public Connection {
        meta = meta == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meta));
    }
}
