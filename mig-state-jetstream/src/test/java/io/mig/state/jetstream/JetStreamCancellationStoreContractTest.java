package io.mig.state.jetstream;

import io.mig.core.port.out.CancellationStore;
import io.mig.core.port.out.CancellationStoreContract;
import io.nats.client.Connection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JetStream cancellation store passes the store contract: each case gets a bucket of its own
 * (a fresh prefix), and the sibling is a second store object on a second connection over that
 * bucket. The stores read the contract's clock for a record's expiry.
 */
class JetStreamCancellationStoreContractTest extends CancellationStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static JetStreamServer nats;
    private static Connection first;
    private static Connection second;
    private final Map<CancellationStore, JetStreamCancellationStore.Options> optionsOf = new IdentityHashMap<>();

    @BeforeAll
    static void startNats() {
        nats = JetStreamServer.start();
        first = nats.connect();
        second = nats.connect();
    }

    @AfterAll
    static void stopNats() {
        nats.close();
    }

    @Override
    protected CancellationStore newStore() {
        JetStreamCancellationStore.Options options = JetStreamCancellationStore.Options.defaults()
                .withPrefix("X" + BUCKETS.incrementAndGet())
                .withTtl(TTL);
        CancellationStore store = new JetStreamCancellationStore(first, options, clock);
        optionsOf.put(store, options);
        return store;
    }

    @Override
    protected CancellationStore sibling(CancellationStore store) {
        return new JetStreamCancellationStore(second, optionsOf.get(store), clock);
    }
}
