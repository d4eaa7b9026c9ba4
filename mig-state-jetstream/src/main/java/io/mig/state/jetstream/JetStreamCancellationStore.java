package io.mig.state.jetstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.port.out.CancellationStore;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Recorded cancellations in one KV bucket ({@code <PREFIX>_CANCELLATIONS}, max age = the time a
 * record refuses its message id, 10 minutes by default), key {@code <tenant>.<message id>} (each a
 * {@link NatsTokens} token), value the reason and the instant of the record.
 *
 * <p>{@link #find} is on every INVOKE's path, so it answers from a local copy that a watch of the
 * whole bucket keeps current (and that a record on this instance updates before it returns); it
 * never goes to the network and keeps answering while NATS is away. The same watch tells the
 * {@link #watch} listeners of every record made after they started, on any instance — each record
 * once, by its revision, whether it arrived by the watch or by this instance's own write.
 *
 * <pre>{@code
 * CancellationStore cancellations = new JetStreamCancellationStore(connection, JetStreamCancellationStore.Options.defaults());
 * }</pre>
 */
public final class JetStreamCancellationStore implements CancellationStore, AutoCloseable {
    private final Connection connection;
    private final Options options;
    private final Clock clock;
    private final String bucket;
    private final KeyValue kv;
    private final ConcurrentHashMap<String, Recorded> recorded = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService restarts;
    private final ResumingWatch bucketWatch;
    /** False while the watch delivers the records made before this store started: nobody is told of those. */
    private volatile boolean live;

    /**
     * @param prefix starts the bucket's name, {@code <prefix>_CANCELLATIONS}
     * @param replicas bucket replicas ({@code MIGD_JETSTREAM_REPLICAS})
     * @param timeout bound of every JetStream call; past it {@link #record} throws {@code MIG_UNAVAILABLE}
     * @param ttl how long a record refuses its message id (SPEC §4.7: 10 minutes); the bucket's max age
     * @param maxEntries records held in the local copy (the bucket holds them all)
     */
    public record Options(String prefix, int replicas, Duration timeout, Duration ttl, int maxEntries) {
        public Options {
            if (prefix == null || !prefix.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("prefix must be letters, digits, '_' or '-': " + prefix);
            }
            if (replicas < 1 || timeout.isNegative() || timeout.isZero() || ttl.isNegative() || ttl.isZero()
                    || maxEntries < 1) {
                throw new IllegalArgumentException("cancellation store options must be positive");
            }
        }

        /** {@code MIGD}, 1 replica, 2 s, 10 minutes, 100 000 records. */
        public static Options defaults() {
            return new Options("MIGD", 1, Duration.ofSeconds(2), Duration.ofMinutes(10), 100_000);
        }

        public Options withPrefix(String value) {
            return new Options(value, replicas, timeout, ttl, maxEntries);
        }

        public Options withReplicas(int value) {
            return new Options(prefix, value, timeout, ttl, maxEntries);
        }

        public Options withTimeout(Duration value) {
            return new Options(prefix, replicas, value, ttl, maxEntries);
        }

        public Options withTtl(Duration value) {
            return new Options(prefix, replicas, timeout, value, maxEntries);
        }
    }

    /** The bucket's value. */
    record Value(@JsonProperty("reason") String reason, @JsonProperty("recorded_at") long recordedAtMillis) {
    }

    private record Recorded(String tenant, String messageId, String reason, long expiresAtMillis, long revision) {
    }

    /** Creates the bucket when missing and loads the live records; NATS must be reachable. */
    public JetStreamCancellationStore(Connection connection, Options options) {
        this(connection, options, Clock.systemUTC());
    }

    public JetStreamCancellationStore(Connection connection, Options options, Clock clock) {
        this.connection = connection;
        this.options = options;
        this.clock = clock;
        this.bucket = options.prefix() + "_CANCELLATIONS";
        KeyValueOptions kvo = KeyValueOptions.builder().jsRequestTimeout(options.timeout()).build();
        NatsFailures.call(connection, "create the cancellation bucket " + bucket, () -> {
            ensureBucket(connection.keyValueManagement(kvo));
            return null;
        });
        this.kv = NatsFailures.call(connection, "open the cancellation bucket", () -> connection.keyValue(bucket, kvo));
        this.restarts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mig-cancellations-watch");
            thread.setDaemon(true);
            return thread;
        });
        this.bucketWatch = watchBucket();
    }

    private ResumingWatch watchBucket() {
        try {
            return new ResumingWatch(connection, kv, ">", new BucketWatcher(), restarts);
        } catch (Exception e) {
            restarts.shutdownNow();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof MigException mig ? mig : NatsFailures.unavailable("watch the cancellation bucket", e);
        }
    }

    /** Whether the bucket answers now (for {@code /readyz}); {@link #find} answers either way. */
    public boolean usable() {
        try {
            NatsFailures.call(connection, "cancellation bucket", kv::getStatus);
            return true;
        } catch (MigException e) {
            return false;
        }
    }

    @Override
    public void record(String tenant, String messageId, String reason) {
        String why = reason == null ? "" : reason;
        long now = clock.millis();
        String key = key(tenant, messageId);
        byte[] value = MigJson.encode(new Value(why, now));
        long revision = NatsFailures.call(connection, "record a cancellation", () -> kv.put(key, value));
        remember(key, new Recorded(tenant, messageId, why, now + options.ttl().toMillis(), revision), true);
    }

    @Override
    public Optional<String> find(String tenant, String messageId) {
        Recorded found = recorded.get(key(tenant, messageId));
        if (found == null || clock.millis() >= found.expiresAtMillis()) {
            return Optional.empty();
        }
        return Optional.of(found.reason());
    }

    @Override
    public AutoCloseable watch(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        bucketWatch.close();
        restarts.shutdownNow();
    }

    /** Keeps a record unless a newer revision of its key is known, telling the listeners of a new one. */
    private void remember(String key, Recorded record, boolean tell) {
        boolean[] fresh = {false};
        recorded.compute(key, (k, known) -> {
            if (known != null && known.revision() >= record.revision()) {
                return known;
            }
            fresh[0] = true;
            return record;
        });
        if (fresh[0]) {
            if (recorded.size() > options.maxEntries()) {
                trim();
            }
            if (tell) {
                for (Listener listener : listeners) {
                    listener.cancelled(record.tenant(), record.messageId(), record.reason());
                }
            }
        }
    }

    /** Past the bound: the expired records go, then those that expire first. */
    private void trim() {
        long now = clock.millis();
        recorded.values().removeIf(r -> now >= r.expiresAtMillis());
        while (recorded.size() > options.maxEntries()) {
            Iterator<Map.Entry<String, Recorded>> it = recorded.entrySet().iterator();
            Map.Entry<String, Recorded> soonest = null;
            while (it.hasNext()) {
                Map.Entry<String, Recorded> e = it.next();
                if (soonest == null || e.getValue().expiresAtMillis() < soonest.getValue().expiresAtMillis()) {
                    soonest = e;
                }
            }
            if (soonest == null) {
                return;
            }
            recorded.remove(soonest.getKey(), soonest.getValue());
        }
    }

    private final class BucketWatcher implements KeyValueWatcher {
        @Override
        public void watch(KeyValueEntry change) {
            String key = change.getKey();
            if (change.getOperation() != KeyValueOperation.PUT) {
                recorded.computeIfPresent(key, (k, known) -> known.revision() <= change.getRevision() ? null : known);
                return;
            }
            int dot = key.indexOf('.');
            Value value = MigJson.decode(change.getValue(), Value.class);
            Recorded record = new Recorded(NatsTokens.decode(key.substring(0, dot)), NatsTokens.decode(key.substring(dot + 1)),
                    value.reason(), value.recordedAtMillis() + options.ttl().toMillis(), change.getRevision());
            remember(key, record, live);
        }

        @Override
        public void endOfData() {
            live = true;
        }
    }

    private static String key(String tenant, String messageId) {
        return NatsTokens.encode(tenant) + "." + NatsTokens.encode(messageId);
    }

    private void ensureBucket(KeyValueManagement kvm) throws IOException, JetStreamApiException {
        KeyValueStatus existing;
        try {
            existing = kvm.getStatus(bucket);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            kvm.create(KeyValueConfiguration.builder()
                    .name(bucket)
                    .description("MIG recorded cancellations, key <tenant>.<message id>")
                    .storageType(StorageType.File)
                    .replicas(options.replicas())
                    .maxHistoryPerKey(1)
                    .ttl(options.ttl())
                    .build());
            return;
        }
        if (!options.ttl().equals(existing.getTtl())) {
            kvm.update(KeyValueConfiguration.builder(existing.getConfiguration()).ttl(options.ttl()).build());
        }
    }
}
