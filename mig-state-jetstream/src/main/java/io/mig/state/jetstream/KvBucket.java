package io.mig.state.jetstream;

import io.mig.core.error.MigException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.nats.client.api.StorageType;
import io.nats.client.support.NatsJetStreamConstants;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeoutException;

/**
 * One KV bucket, opened (and created when missing) with the stores' options, and the one place where
 * jnats failures become {@code MIG_UNAVAILABLE}: every network call of the KV stores goes through
 * {@link #call}, so none hangs past the timeout and no jnats or IO exception escapes a store.
 */
final class KvBucket {
    /** JetStream's "stream not found": the bucket does not exist yet. */
    private static final int STREAM_NOT_FOUND = 10059;
    /** JetStream's "stream name already in use": another instance created the bucket first. */
    private static final int STREAM_NAME_IN_USE = 10058;

    /**
     * How many timeouts a compare-and-set write may keep losing races before it gives up: a conflict
     * means another writer succeeded (the bucket answers), so it is worth trying longer than one call's
     * timeout — but not for ever.
     */
    private static final int CONFLICT_TIMEOUTS = 5;

    private static final System.Logger LOG = System.getLogger("migd.state.jetstream");

    private final Connection connection;
    private final String name;
    private final String description;
    private final int replicas;
    private final KeyValueManagement management;
    private final KeyValue kv;
    private final CompareAndSet writes;
    private final Duration timeout;
    private final ConnectionListener recreateWhenBack = (ignored, event) -> {
        if (event == ConnectionListener.Events.RECONNECTED) {
            CompletableFuture.runAsync(this::ensureExistsQuietly);
        }
    };

    private KvBucket(Connection connection, String name, String description, JetStreamKvOptions options)
            throws IOException, JetStreamApiException {
        KeyValueOptions kvOptions = KeyValueOptions.builder().jsRequestTimeout(options.timeout()).build();
        this.connection = connection;
        this.name = name;
        this.description = description;
        this.replicas = options.replicas();
        this.management = connection.keyValueManagement(kvOptions);
        this.writes = new CompareAndSet(connection, name, options.timeout());
        this.timeout = options.timeout();
        ensureExists();
        this.kv = connection.keyValue(name, kvOptions);
    }

    /**
     * Opens the bucket, creating it when missing: file storage, the options' replicas, one value per
     * key (history 1: a store needs only the latest value, and the watch replays only that). After
     * every reconnect it is created again if it went missing meanwhile (a NATS server back without its
     * store), so the store works again without being rebuilt.
     *
     * @throws MigException {@code MIG_UNAVAILABLE} when NATS or JetStream does not answer
     */
    static KvBucket open(Connection connection, String name, String description, JetStreamKvOptions options) {
        KvBucket bucket = call(connection, "opening bucket " + name, () -> new KvBucket(connection, name, description, options));
        connection.addConnectionListener(bucket.recreateWhenBack);
        return bucket;
    }

    /** Creates the bucket when it does not exist; an existing one is used as it is. */
    void ensureExists() throws IOException, JetStreamApiException {
        try {
            management.getStatus(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            create();
        }
    }

    private void ensureExistsQuietly() {
        try {
            call("checking the bucket", () -> {
                ensureExists();
                return null;
            });
        } catch (MigException e) {
            LOG.log(System.Logger.Level.DEBUG, e.getMessage());
        }
    }

    private void create() throws IOException, JetStreamApiException {
        try {
            management.create(KeyValueConfiguration.builder()
                    .name(name)
                    .description(description)
                    .storageType(StorageType.File)
                    .replicas(replicas)
                    .maxHistoryPerKey(1)
                    .build());
            LOG.log(System.Logger.Level.INFO, "created KV bucket " + name + " (replicas " + replicas + ")");
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw e;
            }
        }
    }

    /** Stops looking after the bucket on reconnects; the bucket and the connection stay. */
    void close() {
        connection.removeConnectionListener(recreateWhenBack);
    }

    String name() {
        return name;
    }

    KeyValue kv() {
        return kv;
    }

    Connection connection() {
        return connection;
    }

    Duration timeout() {
        return timeout;
    }

    boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** Runs one or more KV calls; see {@link #call(Connection, String, KvCall)}. */
    <R> R call(String what, KvCall<R> call) {
        return call(connection, what + " (" + name + ")", call);
    }

    /**
     * The latest entry of a key, or null when there is none or its latest is a delete marker.
     * Only for use inside {@link #call}.
     */
    KeyValueEntry latest(String key) throws IOException, JetStreamApiException {
        return kv.get(key);
    }

    /**
     * A key's first value, exact when instances race on a replicated bucket ({@link CompareAndSet});
     * fails with a conflict ({@link #isConflict}) when the key has a value. Only inside {@link #call}.
     */
    long create(String key, byte[] value) throws IOException, JetStreamApiException {
        return writes.create(key, value);
    }

    /**
     * A new value of {@code key} if its latest revision is still {@code expectedRevision}, exact when
     * instances race on a replicated bucket ({@link CompareAndSet}); returns the new revision. Only
     * inside {@link #call}.
     */
    long update(String key, byte[] value, long expectedRevision) throws IOException, JetStreamApiException {
        return writes.update(key, value, expectedRevision);
    }

    /**
     * Writes a delete marker for {@code key} when its latest revision is still {@code expectedRevision},
     * and returns the marker's revision (jnats' {@code KeyValue.delete} does not tell it, and the local
     * copy needs it to order the removal against what the watch delivers). The marker is the one
     * {@code KeyValue.delete} writes: the {@code KV-Operation: DEL} header on the key's subject.
     */
    long deleteAt(String key, long expectedRevision) throws IOException, JetStreamApiException {
        return writes.delete(key, expectedRevision);
    }

    /**
     * The latest value of every key matching {@code filter} (e.g. {@code tenant.*}, or {@code >} for all),
     * by key, read with one short-lived watch rather than one request per key. Only inside {@link #call}.
     *
     * @throws TimeoutException when the bucket is not read within the timeout
     */
    Map<String, KeyValueEntry> snapshot(String filter)
            throws IOException, JetStreamApiException, InterruptedException, TimeoutException {
        Map<String, KeyValueEntry> entries = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(1);
        KeyValueWatcher watcher = new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                entries.put(entry.getKey(), entry);
            }

            @Override
            public void endOfData() {
                done.countDown();
            }
        };
        NatsKeyValueWatchSubscription subscription = kv.watch(filter, watcher, KeyValueWatchOption.IGNORE_DELETE);
        try {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("reading the bucket took longer than " + timeout);
            }
        } finally {
            subscription.unsubscribe();
        }
        return entries;
    }

    /** The retries of one compare-and-set write; see {@link Retries}. */
    Retries retries() {
        return new Retries(System.nanoTime() + timeout.toNanos() * CONFLICT_TIMEOUTS);
    }

    /** True when a compare-and-set write lost: the key's revision was not the one expected. */
    static boolean isConflict(JetStreamApiException e) {
        return e.getApiErrorCode() == NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE;
    }

    /** Runs {@code call}; every way it can fail becomes {@code MIG_UNAVAILABLE} ({@link NatsFailures#call}). */
    static <R> R call(Connection connection, String what, KvCall<R> call) {
        return NatsFailures.call(connection, what, call::run);
    }

    /**
     * Counts the races one compare-and-set write lost. After the second, it waits a random moment (up
     * to 2 ms, longer the more it lost) so that writers racing on one key spread out instead of
     * colliding again at once.
     */
    static final class Retries {
        private final long deadline;
        private int lost;

        private Retries(long deadline) {
            this.deadline = deadline;
        }

        /** Returns when {@code e} is a lost race worth trying again; throws it otherwise. */
        void lost(JetStreamApiException e) throws JetStreamApiException {
            if (!isConflict(e) || System.nanoTime() - deadline > 0) {
                throw e;
            }
            lost++;
            if (lost > 1) {
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(Math.min(lost, 20) * 100_000L));
            }
        }
    }

    /** One or more jnats calls. */
    @FunctionalInterface
    interface KvCall<R> {
        R run() throws IOException, JetStreamApiException, InterruptedException, TimeoutException;
    }
}
