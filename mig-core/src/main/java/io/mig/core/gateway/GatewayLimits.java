package io.mig.core.gateway;

import java.time.Duration;

/**
 * The protocol limits of a gateway (SPEC §9), with the defaults of the specification.
 *
 * @param defaultDeadlineMs deadline of a request that names none (30 000)
 * @param maxDeadlineMs cap on any requested deadline ({@code MIGD_MAX_DEADLINE_MS}, 300 000)
 * @param maxInflight invocations in flight before new ones get {@code MIG_BACKPRESSURE} ({@code MIGD_MAX_INFLIGHT}, 1024)
 * @param eventRetention events kept per (tenant, topic) ({@code MIGD_EVENT_RETENTION}, 10 000)
 * @param idempotencyTtl how long a result is replayed ({@code MIGD_IDEMPOTENCY_TTL_SECONDS}, 24 h)
 * @param idempotencyMaxEntries results of all tenants in the idempotency store ({@code MIGD_IDEMPOTENCY_MAX_ENTRIES}, 100 000)
 * @param cancellationTtl how long a recorded CANCEL refuses its message id (10 min)
 * @param defaultMaxInflightEvents a subscriber's live queue when it names none (1024)
 * @param requireTenantHeader whether the transport must name the tenant ({@code MIGD_REQUIRE_TENANT_HEADER})
 * @param storage the per-tenant and global bounds of topics, retained events and idempotency results
 */
public record GatewayLimits(long defaultDeadlineMs, long maxDeadlineMs, int maxInflight, int eventRetention,
                            Duration idempotencyTtl, int idempotencyMaxEntries, Duration cancellationTtl,
                            int defaultMaxInflightEvents, boolean requireTenantHeader, StorageBounds storage) {
    public static final GatewayLimits DEFAULTS = new GatewayLimits(30_000, 300_000, 1024, 10_000,
            Duration.ofDays(1), 100_000, Duration.ofMinutes(10), 1024, false, StorageBounds.DEFAULTS);

    public GatewayLimits {
        if (defaultDeadlineMs <= 0 || maxDeadlineMs <= 0) {
            throw new IllegalArgumentException("deadlines must be positive");
        }
        if (maxInflight <= 0 || eventRetention <= 0 || idempotencyMaxEntries <= 0 || defaultMaxInflightEvents <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        java.util.Objects.requireNonNull(storage, "storage");
    }

    public GatewayLimits withIdempotencyMaxEntries(int value) {
        return new GatewayLimits(defaultDeadlineMs, maxDeadlineMs, maxInflight, eventRetention, idempotencyTtl,
                value, cancellationTtl, defaultMaxInflightEvents, requireTenantHeader, storage);
    }

    public GatewayLimits withStorage(StorageBounds value) {
        return new GatewayLimits(defaultDeadlineMs, maxDeadlineMs, maxInflight, eventRetention, idempotencyTtl,
                idempotencyMaxEntries, cancellationTtl, defaultMaxInflightEvents, requireTenantHeader, value);
    }

    public GatewayLimits withMaxDeadlineMs(long value) {
        return new GatewayLimits(Math.min(defaultDeadlineMs, value), value, maxInflight, eventRetention, idempotencyTtl,
                idempotencyMaxEntries, cancellationTtl, defaultMaxInflightEvents, requireTenantHeader, storage);
    }

    public GatewayLimits withMaxInflight(int value) {
        return new GatewayLimits(defaultDeadlineMs, maxDeadlineMs, value, eventRetention, idempotencyTtl,
                idempotencyMaxEntries, cancellationTtl, defaultMaxInflightEvents, requireTenantHeader, storage);
    }

    public GatewayLimits withEventRetention(int value) {
        return new GatewayLimits(defaultDeadlineMs, maxDeadlineMs, maxInflight, value, idempotencyTtl,
                idempotencyMaxEntries, cancellationTtl, defaultMaxInflightEvents, requireTenantHeader, storage);
    }

    public GatewayLimits withIdempotencyTtl(Duration value) {
        return new GatewayLimits(defaultDeadlineMs, maxDeadlineMs, maxInflight, eventRetention, value,
                idempotencyMaxEntries, cancellationTtl, defaultMaxInflightEvents, requireTenantHeader, storage);
    }

    public GatewayLimits withRequireTenantHeader(boolean value) {
        return new GatewayLimits(defaultDeadlineMs, maxDeadlineMs, maxInflight, eventRetention, idempotencyTtl,
                idempotencyMaxEntries, cancellationTtl, defaultMaxInflightEvents, value, storage);
    }
}
