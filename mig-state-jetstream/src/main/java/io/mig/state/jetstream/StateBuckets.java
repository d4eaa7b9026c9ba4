package io.mig.state.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.time.Duration;

/**
 * Creates the idempotency and cancellation buckets when missing: file storage, one value per key,
 * the store's time to live as max age. An existing bucket whose time to live or size differs from
 * this instance's options is updated (the newest instance's settings win, as a restart with a new
 * {@code MIGD_IDEMPOTENCY_TTL_SECONDS} would in memory); its replicas stay as the operator left them.
 */
final class StateBuckets {
    /** No size bound beyond the server's. */
    static final long UNBOUNDED = -1;

    private StateBuckets() {
    }

    static void ensure(KeyValueManagement kvm, String bucket, String description, int replicas, Duration ttl,
                       long maxBytes) throws IOException, JetStreamApiException {
        KeyValueStatus existing;
        try {
            existing = kvm.getStatus(bucket);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            kvm.create(KeyValueConfiguration.builder()
                    .name(bucket)
                    .description(description)
                    .storageType(StorageType.File)
                    .replicas(replicas)
                    .maxHistoryPerKey(1)
                    .ttl(ttl)
                    .maxBucketSize(maxBytes)
                    .build());
            return;
        }
        if (!ttl.equals(existing.getTtl()) || existing.getMaxBucketSize() != maxBytes) {
            kvm.update(KeyValueConfiguration.builder(existing.getConfiguration()).ttl(ttl).maxBucketSize(maxBytes).build());
        }
    }
}
