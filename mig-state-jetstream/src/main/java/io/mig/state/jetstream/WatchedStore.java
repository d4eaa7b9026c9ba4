package io.mig.state.jetstream;

import io.nats.client.Connection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The common body of the stores that are one watched bucket of values by key (capabilities, schemas,
 * MCP servers): each public store names its bucket and codec and inherits these methods, which match
 * its port's.
 */
abstract class WatchedStore<T> implements AutoCloseable {
    private final WatchedBucket<T> bucket;

    /** @throws io.mig.core.error.MigException {@code MIG_UNAVAILABLE} when NATS does not answer */
    WatchedStore(Connection connection, JetStreamKvOptions options, String suffix, String description, KvCodec<T> codec) {
        this.bucket = new WatchedBucket<>(KvBucket.open(connection, options.bucket(suffix), description, options), codec);
    }

    public Optional<T> find(String key) {
        return bucket.find(key);
    }

    /** Every value, ordered by key. */
    public List<T> list() {
        return bucket.list();
    }

    /** Inserts or replaces by key; true when the key was new. */
    public boolean put(T value) {
        return bucket.put(value);
    }

    /** True when something was removed. */
    public boolean remove(String key) {
        return bucket.remove(key);
    }

    public AutoCloseable watch(Consumer<String> changed) {
        return bucket.watch(changed);
    }

    /**
     * True when the local copy is loaded and followed (for {@code /readyz}); false during an outage,
     * while reads keep answering from the copy.
     */
    public boolean usable() {
        return bucket.usable();
    }

    /** Stops the watch; the bucket and the connection stay. */
    @Override
    public void close() {
        bucket.close();
    }
}
