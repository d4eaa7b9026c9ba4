package io.mig.core.gateway;

/**
 * The memory bounds of the gateway's in-memory state: events, topics and idempotency results. Each
 * bound exists per tenant and globally, so one tenant's churn cannot exhaust the process nor push
 * out another tenant's state; hitting one is counted ({@link io.mig.core.port.out.GatewayMetrics#boundHit}).
 *
 * @param maxTopicsPerTenant topics one tenant may publish to ({@code MIGD_MAX_TOPICS_PER_TENANT}, 1 000);
 *                           a PUBLISH to one more is refused with {@code MIG_RATE_LIMITED}, not retryable
 * @param maxTopics topics of all tenants ({@code MIGD_MAX_TOPICS}, 10 000); one more gets {@code MIG_BACKPRESSURE}
 * @param eventRetentionBytes retained bytes per (tenant, topic) ({@code MIGD_EVENT_RETENTION_BYTES}, 8 MiB);
 *                            the oldest events of the topic go first, the newest one always stays
 * @param eventMaxBytes retained bytes of all topics ({@code MIGD_EVENT_MAX_BYTES}, 256 MiB); the
 *                      oldest events of the largest topic go first
 * @param idempotencyMaxEntriesPerTenant stored results per tenant ({@code MIGD_IDEMPOTENCY_MAX_ENTRIES_PER_TENANT}, 10 000)
 * @param idempotencyMaxBytesPerTenant stored result bytes per tenant ({@code MIGD_IDEMPOTENCY_MAX_BYTES_PER_TENANT}, 64 MiB)
 * @param idempotencyMaxBytes stored result bytes of all tenants ({@code MIGD_IDEMPOTENCY_MAX_BYTES}, 256 MiB)
 */
public record StorageBounds(int maxTopicsPerTenant, int maxTopics, long eventRetentionBytes, long eventMaxBytes,
                            int idempotencyMaxEntriesPerTenant, long idempotencyMaxBytesPerTenant,
                            long idempotencyMaxBytes) {
    private static final long MIB = 1024 * 1024;

    public static final StorageBounds DEFAULTS = new StorageBounds(1_000, 10_000, 8 * MIB, 256 * MIB,
            10_000, 64 * MIB, 256 * MIB);

    public StorageBounds {
        if (maxTopicsPerTenant <= 0 || maxTopics <= 0 || eventRetentionBytes <= 0 || eventMaxBytes <= 0
                || idempotencyMaxEntriesPerTenant <= 0 || idempotencyMaxBytesPerTenant <= 0 || idempotencyMaxBytes <= 0) {
            throw new IllegalArgumentException("storage bounds must be positive");
        }
    }

    public StorageBounds withTopics(int perTenant, int total) {
        return new StorageBounds(perTenant, total, eventRetentionBytes, eventMaxBytes, idempotencyMaxEntriesPerTenant,
                idempotencyMaxBytesPerTenant, idempotencyMaxBytes);
    }

    public StorageBounds withEventBytes(long perTopic, long total) {
        return new StorageBounds(maxTopicsPerTenant, maxTopics, perTopic, total, idempotencyMaxEntriesPerTenant,
                idempotencyMaxBytesPerTenant, idempotencyMaxBytes);
    }

    public StorageBounds withIdempotency(int entriesPerTenant, long bytesPerTenant, long bytesTotal) {
        return new StorageBounds(maxTopicsPerTenant, maxTopics, eventRetentionBytes, eventMaxBytes, entriesPerTenant,
                bytesPerTenant, bytesTotal);
    }
}
