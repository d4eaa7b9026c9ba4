package io.mig.state.jetstream;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The store objects of a KV store test, as two gateway instances hold them: {@link #fresh} opens a
 * store on a bucket prefix of its own (so tests share one server but never each other's data) on the
 * first connection; {@link #sibling} opens a second store object over the same buckets on the second
 * connection. {@link #close} closes every store it opened.
 */
final class StoreInstances<S extends AutoCloseable> implements AutoCloseable {
    /** Short, so a failing test's log stays readable; enough for what the tests wait for. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final Connection first;
    private final Connection second;
    private final BiFunction<Connection, JetStreamKvOptions, S> opener;
    private final Map<Object, JetStreamKvOptions> options = new IdentityHashMap<>();
    private final List<S> opened = new ArrayList<>();

    StoreInstances(JetStreamServer nats, BiFunction<Connection, JetStreamKvOptions, S> opener) {
        this(nats.connect(), nats.connect(), opener);
    }

    StoreInstances(Connection first, Connection second, BiFunction<Connection, JetStreamKvOptions, S> opener) {
        this.first = first;
        this.second = second;
        this.opener = opener;
    }

    static JetStreamKvOptions freshOptions() {
        return JetStreamKvOptions.defaults().withPrefix("T" + PREFIXES.incrementAndGet()).withTimeout(TIMEOUT);
    }

    synchronized S fresh() {
        return open(first, freshOptions());
    }

    synchronized S sibling(Object store) {
        JetStreamKvOptions of = options.get(store);
        if (of == null) {
            throw new IllegalArgumentException("not a store of these instances: " + store);
        }
        return open(second, of);
    }

    private S open(Connection connection, JetStreamKvOptions with) {
        S store = opener.apply(connection, with);
        options.put(store, with);
        opened.add(store);
        return store;
    }

    @Override
    public synchronized void close() throws Exception {
        for (S store : opened) {
            store.close();
        }
        opened.clear();
        options.clear();
    }
}
