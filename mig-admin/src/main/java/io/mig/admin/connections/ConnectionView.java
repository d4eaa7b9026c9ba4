package io.mig.admin.connections;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mig.core.port.out.Connection;
import io.mig.core.port.out.ConnectionRegistry;
import io.mig.core.spi.ServiceKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The connection viewer of the user guide (§9): live long-lived connections, filtered and summarised.
 * The connections are this instance's own; with several instances sharing state (SPEC §10) the view
 * says which instance answered.
 */
public final class ConnectionView {
    /** Under this key the application hands bindings the connection viewer (the HTTP admin routes serve it). */
    public static final ServiceKey<ConnectionView> SERVICE = ServiceKey.of("connection-view", ConnectionView.class);

    private final ConnectionRegistry registry;
    private final BooleanSupplier natsBindingActive;
    private final Clock clock;
    private final String instanceId;

    /**
     * @param instanceId the instance whose connections these are ({@code instance_id}; the gateway's
     *     {@code server_id})
     */
    public ConnectionView(ConnectionRegistry registry, BooleanSupplier natsBindingActive, Clock clock, String instanceId) {
        this.registry = registry;
        this.natsBindingActive = natsBindingActive;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    /** Null or empty filters match everything. */
    public Snapshot snapshot(String tenantId, String kind, String protocol) {
        List<Connection> matching = registry.list().stream()
                .filter(c -> blank(tenantId) || tenantId.equals(c.tenantId()))
                .filter(c -> blank(kind) || kind.equals(c.kind()))
                .filter(c -> blank(protocol) || protocol.equals(c.protocol()))
                .toList();
        Map<String, Integer> byProtocol = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        Map<String, Integer> byTenant = new TreeMap<>();
        for (Connection c : matching) {
            byProtocol.merge(c.protocol(), 1, Integer::sum);
            byKind.merge(c.kind(), 1, Integer::sum);
            byTenant.merge(c.tenantId() == null ? "" : c.tenantId(), 1, Integer::sum);
        }
        Summary summary = new Summary(matching.size(), byProtocol, byKind, byTenant, natsBindingActive.getAsBoolean());
        return new Snapshot(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), instanceId,
                summary, matching);
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    public record Snapshot(@JsonProperty("generated_at") String generatedAt,
                           @JsonProperty("instance_id") String instanceId,
                           @JsonProperty("summary") Summary summary,
                           @JsonProperty("connections") List<Connection> connections) {
    }

    public record Summary(@JsonProperty("total") int total,
                          @JsonProperty("by_protocol") Map<String, Integer> byProtocol,
                          @JsonProperty("by_kind") Map<String, Integer> byKind,
                          @JsonProperty("by_tenant") Map<String, Integer> byTenant,
                          @JsonProperty("nats_binding_active") boolean natsBindingActive) {
    }
}
