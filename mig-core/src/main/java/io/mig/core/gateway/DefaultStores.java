package io.mig.core.gateway;

import io.mig.core.memory.InMemoryAuditLog;
import io.mig.core.memory.InMemoryCancellationStore;
import io.mig.core.memory.InMemoryCapabilityStore;
import io.mig.core.memory.InMemoryConnectionRegistry;
import io.mig.core.memory.InMemoryEventLog;
import io.mig.core.memory.InMemoryIdempotencyStore;
import io.mig.core.port.out.AuditSink;
import io.mig.core.port.out.CancellationStore;
import io.mig.core.port.out.CapabilityStore;
import io.mig.core.port.out.ConnectionRegistry;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.IdempotencyStore;
import java.time.Clock;

/**
 * The in-memory stores a gateway uses for what its builder was not given, bounded by the gateway's
 * limits (docs/SECURITY.md, Memory bounds).
 */
final class DefaultStores {
    private DefaultStores() {
    }

    static CapabilityStore capabilities() {
        return new InMemoryCapabilityStore();
    }

    static ConnectionRegistry connections() {
        return new InMemoryConnectionRegistry();
    }

    /** The newest 10,000 audit records per tenant and in all. */
    static AuditSink audit() {
        return new InMemoryAuditLog(10_000);
    }

    static EventLog eventLog(GatewayLimits limits, Clock clock, GatewayMetrics metrics) {
        StorageBounds storage = limits.storage();
        return new InMemoryEventLog(new InMemoryEventLog.Bounds(limits.eventRetention(), storage.eventRetentionBytes(),
                storage.eventMaxBytes(), storage.maxTopicsPerTenant(), storage.maxTopics()), clock, metrics);
    }

    static IdempotencyStore idempotency(GatewayLimits limits, Clock clock, GatewayMetrics metrics) {
        StorageBounds storage = limits.storage();
        return new InMemoryIdempotencyStore(limits.idempotencyTtl(), new InMemoryIdempotencyStore.Bounds(
                limits.idempotencyMaxEntries(), storage.idempotencyMaxBytes(),
                storage.idempotencyMaxEntriesPerTenant(), storage.idempotencyMaxBytesPerTenant()), clock, metrics);
    }

    static CancellationStore cancellations(GatewayLimits limits, Clock clock) {
        return new InMemoryCancellationStore(limits.cancellationTtl(), 100_000, clock);
    }
}
