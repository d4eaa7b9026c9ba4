package io.mig.state.jetstream;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The store objects of a KV store test, as two gateway instances hold them, on a nats-server of the
 * test class's own. {@link #fresh} opens a store on a bucket prefix of its own (tests share the server
 * but never each other's data) on the first connection; {@link #sibling} opens a second store object
 * over the same buckets on the second connection. Every store opened is closed after each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StoreInstances<JetStreamQuotaStore> INSTANCES = new StoreInstances<>(JetStreamQuotaStore::new);
 * }</pre>
 */
final class StoreInstances<S extends AutoCloseable> implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** Short, so a failing test's log stays readable; enough for what the tests wait for. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final BiFunction<Connection, JetStreamKvOptions, S> opener;
    private final Map<Object, JetStreamKvOptions> options = new IdentityHashMap<>();
    private final List<S> opened = new ArrayList<>();
    private JetStreamServer nats;
    private Connection first;
    private Connection second;

    StoreInstances(BiFunction<Connection, JetStreamKvOptions, S> opener) {
        this.opener = opener;
    }

    /** Options naming buckets no other test uses, with the tests' short timeout. */
    static JetStreamKvOptions freshOptions() {
        return JetStreamKvOptions.defaults().withPrefix("T" + PREFIXES.incrementAndGet()).withTimeout(TIMEOUT);
    }

    JetStreamServer nats() {
        return nats;
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
    public void beforeAll(ExtensionContext context) {
        nats = JetStreamServer.start();
        first = nats.connect();
        second = nats.connect();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws Exception {
        try {
            for (S store : opened) {
                store.close();
            }
        } finally {
            opened.clear();
            options.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        nats.close();
    }
}
