package io.mig.migd;

import io.mig.admin.ControlPlane;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.GatewayLimits;
import io.mig.core.gateway.MigGateway;
import io.mig.core.gateway.StorageBounds;
import io.mig.state.jetstream.JetStreamCancellationStore;
import io.mig.state.jetstream.JetStreamCapabilityStore;
import io.mig.state.jetstream.JetStreamEventLog;
import io.mig.state.jetstream.JetStreamIdempotencyStore;
import io.mig.state.jetstream.JetStreamKvOptions;
import io.mig.state.jetstream.JetStreamMcpServerStore;
import io.mig.state.jetstream.JetStreamQuotaStore;
import io.mig.state.jetstream.JetStreamSchemaStore;
import io.mig.state.jetstream.JetStreamUsageStore;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code MIGD_STATE=jetstream}: every store of the gateway and of the control plane on the state
 * connection (SPEC §10), built from the same settings that bound the in-memory stores, so that
 * switching engines keeps the limits an operator set. Each store creates its bucket or stream when
 * missing, with {@code MIGD_JETSTREAM_REPLICAS} and names starting with {@code MIGD_JETSTREAM_PREFIX}.
 */
final class JetStreamState {
    /** A running claim outlives the longest deadline by this much before another instance may take it over. */
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(10);

    private final List<AutoCloseable> closeables;
    private final JetStreamEventLog events;
    private final JetStreamIdempotencyStore idempotency;
    private final JetStreamCancellationStore cancellations;
    private final JetStreamCapabilityStore capabilities;
    private final JetStreamSchemaStore schemas;
    private final JetStreamMcpServerStore mcpServers;
    private final JetStreamQuotaStore quotas;
    private final JetStreamUsageStore usage;

    /** Builds every store in turn; {@code built} holds the ones to close, also when a later one fails. */
    private JetStreamState(Connection connection, StateConfig state, GatewayLimits limits, List<AutoCloseable> built) {
        this.closeables = built;
        StorageBounds storage = limits.storage();
        this.events = new JetStreamEventLog(connection, JetStreamEventLog.Options.defaults()
                .withPrefix(state.prefix()).withReplicas(state.replicas()).withTimeout(state.timeout())
                .withRetentionEvents(limits.eventRetention()).withMaxBytes(storage.eventMaxBytes())
                .withTopics(storage.maxTopicsPerTenant(), storage.maxTopics()));
        this.idempotency = closing(new JetStreamIdempotencyStore(connection, JetStreamIdempotencyStore.Options.defaults()
                .withPrefix(state.prefix()).withReplicas(state.replicas()).withTimeout(state.timeout())
                .withTtl(limits.idempotencyTtl()).withMaxBytes(storage.idempotencyMaxBytes())
                .withClaimTimeout(Duration.ofMillis(limits.maxDeadlineMs()).plus(CLAIM_MARGIN))));
        this.cancellations = closing(new JetStreamCancellationStore(connection, JetStreamCancellationStore.Options.defaults()
                .withPrefix(state.prefix()).withReplicas(state.replicas()).withTimeout(state.timeout())
                .withTtl(limits.cancellationTtl())));
        JetStreamKvOptions kv = JetStreamKvOptions.defaults()
                .withPrefix(state.prefix()).withReplicas(state.replicas()).withTimeout(state.timeout());
        this.capabilities = closing(new JetStreamCapabilityStore(connection, kv));
        this.schemas = closing(new JetStreamSchemaStore(connection, kv));
        this.mcpServers = closing(new JetStreamMcpServerStore(connection, kv));
        this.quotas = closing(new JetStreamQuotaStore(connection, kv));
        this.usage = closing(new JetStreamUsageStore(connection, kv)); // its close applies the last batch
    }

    private <T extends AutoCloseable> T closing(T store) {
        closeables.add(store);
        return store;
    }

    /**
     * Builds the stores — creating what is missing in JetStream — and hands them to both builders.
     *
     * @throws CannotStartException when JetStream refuses (e.g. replicas beyond the cluster's size) or does not answer
     */
    static JetStreamState plug(StateConnection connection, StateConfig state, GatewayLimits limits,
                               MigGateway.Builder gateway, ControlPlane.Builder controlPlane) {
        JetStreamState stores = build(connection, state, limits);
        gateway.eventLog(stores.events)
                .idempotencyStore(stores.idempotency)
                .cancellationStore(stores.cancellations)
                .capabilityStore(stores.capabilities);
        controlPlane.mcpServerStore(stores.mcpServers)
                .schemaStore(stores.schemas)
                .quotaStore(stores.quotas)
                .usageStore(stores.usage);
        return stores;
    }

    /** Tries again while JetStream answers {@code MIG_UNAVAILABLE} ({@link StartPatience}). */
    private static JetStreamState build(StateConnection connection, StateConfig state, GatewayLimits limits) {
        return StartPatience.retry("MIGD_STATE=jetstream: cannot set up the state on " + connection.servers(), () -> {
            List<AutoCloseable> built = new ArrayList<>();
            try {
                return new JetStreamState(connection.connection(), state, limits, built);
            } catch (RuntimeException e) { // MIG_UNAVAILABLE (NATS or JetStream refused or slow) or a bad option
                Migd.closeAll(built);
                if (e instanceof MigException mig && mig.code() == ErrorCode.MIG_UNAVAILABLE) {
                    throw new StartPatience.NotReady(e.getMessage());
                }
                throw new CannotStartException("MIGD_STATE=jetstream: cannot set up the state on "
                        + connection.servers() + ": " + e.getMessage());
            }
        });
    }

    /** The stores' own resources (watches, batching), closed before the connection. */
    List<AutoCloseable> closeables() {
        return List.copyOf(closeables);
    }
}
