package io.mig.state.jetstream;

import io.mig.core.json.MigJson;
import io.mig.core.port.out.QuotaLimit;
import io.mig.core.port.out.QuotaStore;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tenants' quota limits and their counts on JetStream KV (SPEC §4.8).
 *
 * <p>Limits live in {@code <prefix>_QUOTAS}, one key per tenant, answered from a watched local copy
 * ({@link WatchedBucket}): {@code find} is on every invocation's path. Counts live in
 * {@code <prefix>_QUOTA_COUNTS}, one key per {@code (tenant, kind)} — {@code <tenant>.life} for a
 * lifetime limit, {@code <tenant>.w<seconds>} for a window — holding a {@link QuotaCount}. Counting
 * is a compare-and-set on the key's revision ({@link CompareAndSet}, exact on a replicated bucket too), retried on
 * conflict: however many callers race on however many instances, each admission is one successful
 * write that saw fewer than {@code max}, so exactly {@code max} are admitted per window.
 *
 * <p>This instance remembers the last revision and count it saw of each counter, so an uncontended
 * admission is one write (no read first); a stale memory costs one conflict and a read. A count that
 * says "full" is read again before refusing, as a counter can be reset behind this instance's back.
 */
public final class JetStreamQuotaStore implements QuotaStore, AutoCloseable {
    private static final String LIFETIME = "life";

    private final WatchedBucket<QuotaLimit> limits;
    private final KvBucket counters;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /**
     * Creates both buckets when missing and loads the limits.
     *
     * @throws io.mig.core.error.MigException {@code MIG_UNAVAILABLE} when NATS does not answer
     */
    public JetStreamQuotaStore(Connection connection, JetStreamKvOptions options) {
        this.counters = KvBucket.open(connection, options.bucket("QUOTA_COUNTS"), "migd quota counters", options);
        this.limits = new WatchedBucket<>(KvBucket.open(connection, options.bucket("QUOTAS"), "migd quota limits", options),
                KvCodec.json(QuotaLimit.class, QuotaLimit::tenant));
    }

    @Override
    public Optional<QuotaLimit> find(String tenant) {
        return limits.find(tenant);
    }

    @Override
    public List<QuotaLimit> list() {
        return limits.list();
    }

    /** A limit of another kind (or a first limit) starts counting from 0: its counter is reset. */
    @Override
    public void put(QuotaLimit limit) {
        QuotaLimit before = limits.replace(limit).previous();
        if (!limit.sameKindAs(before)) {
            if (before != null) {
                resetCounter(counterKey(before));
            }
            resetCounter(counterKey(limit));
        }
    }

    @Override
    public boolean remove(String tenant) {
        if (tenant == null) {
            return false;
        }
        boolean removed = limits.remove(tenant);
        String prefix = NatsTokens.encode(tenant) + ".";
        counters.call("removing the counters of tenant '" + tenant + "'", () -> {
            for (String key : counters.kv().keys(prefix + "*")) {
                counters.kv().delete(key);
            }
            return null;
        });
        known.keySet().removeIf(key -> key.startsWith(prefix));
        return removed;
    }

    @Override
    public boolean tryAcquire(QuotaLimit limit, long windowStart) {
        if (limit.max() <= 0) {
            return false;
        }
        String key = counterKey(limit);
        KvBucket.Retries retries = counters.retries();
        return counters.call("counting an invocation of tenant '" + limit.tenant() + "'", () -> {
            Known seen = known.get(key);
            boolean fresh = false;
            while (true) {
                if (seen == null) {
                    seen = read(key);
                    fresh = true;
                }
                QuotaCount next = seen.count() == null ? QuotaCount.first(windowStart) : seen.count().plusOne(windowStart, limit.max());
                if (next == null) {
                    if (fresh) {
                        return false;
                    }
                    seen = null;
                    continue;
                }
                try {
                    byte[] bytes = MigJson.encode(next);
                    long revision = seen.revision() == 0
                            ? counters.create(key, bytes)
                            : counters.update(key, bytes, seen.revision());
                    known.put(key, new Known(revision, next));
                    return true;
                } catch (JetStreamApiException e) {
                    retries.lost(e);
                    seen = null;
                }
            }
        });
    }

    @Override
    public long used(QuotaLimit limit, long windowStart) {
        String key = counterKey(limit);
        Known current = counters.call("reading the count of tenant '" + limit.tenant() + "'", () -> read(key));
        known.put(key, current);
        return current.count() == null ? 0 : current.count().usedIn(windowStart);
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed) {
        return limits.watch(changed);
    }

    /** True when the limits are loaded and followed and the counters reachable (for {@code /readyz}). */
    public boolean usable() {
        return limits.usable() && counters.connected();
    }

    @Override
    public void close() {
        limits.close();
        counters.close();
    }

    private Known read(String key) throws IOException, JetStreamApiException {
        KeyValueEntry entry = counters.latest(key);
        return entry == null ? Known.NONE : new Known(entry.getRevision(), MigJson.decode(entry.getValue(), QuotaCount.class));
    }

    /** Deletes a counter that holds a count (a delete of a key never written would leave a marker for nothing). */
    private void resetCounter(String key) {
        counters.call("resetting a quota counter", () -> {
            if (counters.latest(key) != null) {
                counters.kv().delete(key);
            }
            return null;
        });
        known.remove(key);
    }

    /** {@code <tenant>.life} or {@code <tenant>.w<seconds>}: one counter per tenant and kind of limit. */
    static String counterKey(QuotaLimit limit) {
        String kind = limit.windowSeconds() == null ? LIFETIME : "w" + limit.windowSeconds();
        return NatsTokens.encode(limit.tenant()) + "." + kind;
    }

    /**
     * The last revision and count of a counter seen by this instance; revision 0 when the key holds no
     * count (none yet, or deleted), so the next write is a create.
     */
    private record Known(long revision, QuotaCount count) {
        static final Known NONE = new Known(0, null);
    }
}
