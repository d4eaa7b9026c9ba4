package io.mig.core.port.out;

import java.util.Map;

/** A long-lived connection as the connection viewer shows it (guide §9). */
public record Connection(String id, String protocol, String kind, String tenantId, String actor,
                         String remoteAddr, String startedAt, Map<String, String> meta) {
    public Connection {
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }
}
