package io.mig.state.jetstream;

import io.mig.core.port.out.CancellationStore;
import io.mig.core.port.out.CancellationStoreContract;
import io.nats.client.Connection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JetStream cancellation store passes the store contract: each case gets a bucket of its own
 * (a fresh prefix), and the sibling is a second store object on a second connection over that
 * bucket. The stores read the contract's clock for a record's expiry.
 */
class JetStreamCancellationStoreContractTest extends CancellationStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final Connection FIRST = JetStreamServer.shared().connect();
    private static final Connection SECOND = JetStreamServer.shared().connect();
    private final Map<CancellationStore, JetStreamCancellationStore.Options> optionsOf = new IdentityHashMap<>();

    @Override
    protected CancellationStore newStore() {
        JetStreamCancellationStore.Options options = JetStreamCancellationStore.Options.defaults()
                .withPrefix("X" + BUCKETS.incrementAndGet())
                .withTtl(TTL);
        CancellationStore store = new JetStreamCancellationStore(FIRST, options, clock);
        optionsOf.put(store, options);
        return store;
    }

    @Override
    protected CancellationStore sibling(CancellationStore store) {
        return new JetStreamCancellationStore(SECOND, optionsOf.get(store), clock);
    }
}
