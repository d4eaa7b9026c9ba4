package io.mig.migd;

import io.mig.admin.ControlPlane;
import io.mig.core.gateway.GatewayLimits;
import io.mig.core.gateway.MigGateway;
import io.mig.core.gateway.StorageBounds;
import io.mig.state.jetstream.JetStreamEventLog;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code MIGD_STATE=jetstream}: every store of the gateway and of the control plane on the state
 * connection (SPEC §10), built from the same settings that bound the in-memory stores, so that
 * switching engines keeps the limits an operator set. Each store creates its bucket or stream when
 * missing, with {@code MIGD_JETSTREAM_REPLICAS} and names starting with {@code MIGD_JETSTREAM_PREFIX}.
 */
final class JetStreamState {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final JetStreamEventLog events;

    private JetStreamState(Connection connection, StateConfig state, GatewayLimits limits) {
        StorageBounds storage = limits.storage();
        this.events = new JetStreamEventLog(connection, JetStreamEventLog.Options.defaults()
                .withPrefix(state.prefix()).withReplicas(state.replicas()).withTimeout(state.timeout())
                .withRetentionEvents(limits.eventRetention()).withMaxBytes(storage.eventMaxBytes())
                .withTopics(storage.maxTopicsPerTenant(), storage.maxTopics()));
    }

    /**
     * Builds the stores — creating what is missing in JetStream — and hands them to both builders.
     *
     * @throws ConfigException when JetStream refuses (e.g. replicas beyond the cluster's size)
     */
    static JetStreamState plug(StateConnection connection, StateConfig state, GatewayLimits limits,
                               MigGateway.Builder gateway, ControlPlane.Builder controlPlane) {
        JetStreamState stores;
        try {
            stores = new JetStreamState(connection.connection(), state, limits);
        } catch (RuntimeException e) {
            throw new ConfigException("MIGD_STATE=jetstream: cannot set up the state on " + connection.servers()
                    + ": " + e.getMessage());
        }
        gateway.eventLog(stores.events);
        return stores;
    }

    /** The stores' own resources (watches, batching), closed before the connection. */
    List<AutoCloseable> closeables() {
        return List.copyOf(closeables);
    }
}
