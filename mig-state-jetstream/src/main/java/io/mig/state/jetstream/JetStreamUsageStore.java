package io.mig.state.jetstream;

import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.port.out.UsageStore;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Successful invocations per {@code (tenant, capability)} in the KV bucket {@code <prefix>_USAGE}, one
 * key {@code <tenant>.<capability>} (each base64url, see {@link NatsTokens}) holding a {@link UsageCount}.
 *
 * <p>{@link #increment} only adds to a local counter: it is on the path of every successful call. The
 * increments are applied as batches every {@code usageFlush} (and by {@link #flush}): one
 * compare-and-set addition per key, retried on conflict. Each batch has a number, and the key records
 * the last batch of each instance, so a batch whose write timed out but was applied is not added again
 * when it is retried — never lost once {@code flush} returned, never counted twice. A batch that could
 * not be applied stays and is tried again at the next flush.
 *
 * <p>{@link #counts} reads the bucket (the usage API, not the hot path) and adds what this instance has
 * not applied yet.
 */
public final class JetStreamUsageStore implements UsageStore, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("migd.state.jetstream");

    private final KvBucket bucket;
    private final Clock clock;
    /** Names this store object in the batches it applies; a new one at every start. */
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong batchNumbers = new AtomicLong();
    private final Map<Key, AtomicLong> pending = new ConcurrentHashMap<>();
    /** Batches taken from {@link #pending} and not known to be applied; guarded by {@link #flushing}. */
    private final Map<Key, Batch> outstanding = new HashMap<>();
    private final Object flushing = new Object();
    private final ScheduledExecutorService flusher;

    /**
     * Creates the bucket when missing and starts applying increments every {@code options.usageFlush()}.
     *
     * @throws MigException {@code MIG_UNAVAILABLE} when NATS does not answer
     */
    public JetStreamUsageStore(Connection connection, JetStreamKvOptions options) {
        this(connection, options, Clock.systemUTC());
    }

    JetStreamUsageStore(Connection connection, JetStreamKvOptions options, Clock clock) {
        this.bucket = KvBucket.open(connection, options.bucket("USAGE"), "migd usage counts", options);
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "migd-usage-flush");
            thread.setDaemon(true);
            return thread;
        });
        long every = options.usageFlush().toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void increment(String tenant, String capability) {
        pending.computeIfAbsent(new Key(tenant, capability), k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * Applies every increment made so far.
     *
     * @throws MigException {@code MIG_UNAVAILABLE} when some could not be applied (they are kept and
     *                      tried again)
     */
    @Override
    public void flush() {
        synchronized (flushing) {
            Set<Key> keys = new LinkedHashSet<>(outstanding.keySet());
            pending.forEach((key, count) -> {
                if (count.get() > 0) {
                    keys.add(key);
                }
            });
            for (Key key : keys) {
                flush(key); // the first failure ends this flush: the rest would most likely wait as long to fail
            }
        }
    }

    @Override
    public Map<Key, Long> counts(String tenant) {
        String filter = tenant == null ? ">" : NatsTokens.encode(tenant) + ".*";
        synchronized (flushing) {
            // under the lock no batch is applied meanwhile: each is either in the snapshot or still local
            Map<String, KeyValueEntry> entries = bucket.call("reading usage", () -> bucket.snapshot(filter));
            Map<Key, Long> counts = new HashMap<>();
            Map<Key, UsageCount> stored = new HashMap<>();
            entries.forEach((kvKey, entry) -> {
                Key key = keyOf(kvKey);
                if (key != null) {
                    UsageCount count = decode(entry);
                    stored.put(key, count);
                    counts.merge(key, count.count(), Long::sum);
                }
            });
            outstanding.forEach((key, batch) -> {
                if (!stored.getOrDefault(key, UsageCount.NONE).applied(instance, batch.number())) {
                    counts.merge(key, batch.amount(), Long::sum);
                }
            });
            pending.forEach((key, count) -> {
                long amount = count.get();
                if (amount > 0) {
                    counts.merge(key, amount, Long::sum);
                }
            });
            counts.keySet().removeIf(key -> tenant != null && !tenant.equals(key.tenant()));
            return counts;
        }
    }

    /** Stops the periodic flush after a last one (whose failure is logged: nothing more can be done). */
    @Override
    public void close() {
        flusher.shutdownNow();
        flushQuietly();
        bucket.close();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (MigException e) {
            LOG.log(System.Logger.Level.DEBUG, "usage not applied yet, kept for the next flush: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "applying usage failed", e);
        }
    }

    /** Resolves the key's outstanding batch, then makes the pending increments the next one. */
    private void flush(Key key) {
        Batch left = outstanding.get(key);
        if (left != null) {
            apply(key, left);
            outstanding.remove(key);
        }
        AtomicLong counter = pending.get(key);
        long amount = counter == null ? 0 : counter.getAndSet(0);
        if (amount > 0) {
            Batch batch = new Batch(batchNumbers.incrementAndGet(), amount);
            outstanding.put(key, batch);
            apply(key, batch);
            outstanding.remove(key);
        }
    }

    private void apply(Key key, Batch batch) {
        String kvKey = NatsTokens.pair(key.tenant(), key.capability());
        KvBucket.Retries retries = bucket.retries();
        bucket.call("adding usage", () -> {
            while (true) {
                KeyValueEntry entry = bucket.latest(kvKey);
                UsageCount current = entry == null ? UsageCount.NONE : decode(entry);
                if (current.applied(instance, batch.number())) {
                    return null;
                }
                byte[] next = MigJson.encode(current.plus(batch.amount(), instance, batch.number(), clock.instant().getEpochSecond()));
                try {
                    if (entry == null) {
                        bucket.create(kvKey, next);
                    } else {
                        bucket.update(kvKey, next, entry.getRevision());
                    }
                    return null;
                } catch (JetStreamApiException e) {
                    retries.lost(e);
                }
            }
        });
    }

    private static UsageCount decode(KeyValueEntry entry) {
        return MigJson.decode(entry.getValue(), UsageCount.class);
    }

    /** The key's (tenant, capability), or null for a key this store did not write. */
    private static Key keyOf(String kvKey) {
        String[] tokens = kvKey.split("\\.", -1);
        if (tokens.length != 2) {
            return null;
        }
        try {
            return new Key(NatsTokens.decode(tokens[0]), NatsTokens.decode(tokens[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private record Batch(long number, long amount) {
    }
}
