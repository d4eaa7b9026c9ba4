package io.mig.state.jetstream;

import io.mig.core.port.out.IdempotencyStore;
import io.mig.core.port.out.IdempotencyStoreContract;
import io.nats.client.Connection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JetStream idempotency store passes the store contract: each case gets a bucket of its own (a
 * fresh prefix), and the sibling is a second store object on a second connection over that bucket.
 * The stores read the contract's clock for the time to live of a result and a claim's expiry.
 */
class JetStreamIdempotencyStoreContractTest extends IdempotencyStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static JetStreamServer nats;
    private static Connection first;
    private static Connection second;
    private final Map<IdempotencyStore, JetStreamIdempotencyStore.Options> optionsOf = new IdentityHashMap<>();

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
    protected IdempotencyStore newStore() {
        JetStreamIdempotencyStore.Options options = JetStreamIdempotencyStore.Options.defaults()
                .withPrefix("I" + BUCKETS.incrementAndGet())
                .withTtl(TTL);
        IdempotencyStore store = new JetStreamIdempotencyStore(first, options, clock);
        optionsOf.put(store, options);
        return store;
    }

    @Override
    protected IdempotencyStore sibling(IdempotencyStore store) {
        return new JetStreamIdempotencyStore(second, optionsOf.get(store), clock);
    }
}
