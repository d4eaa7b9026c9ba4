package io.mig.core.memory;

import io.mig.core.port.out.CancellationStore;
import io.mig.core.port.out.CancellationStoreContract;

/** The in-memory {@link CancellationStore} passes the store contract; one object is every instance's view. */
class InMemoryCancellationStoreTest extends CancellationStoreContract {
    @Override
    protected CancellationStore newStore() {
        return new InMemoryCancellationStore(TTL, 10_000, clock);
    }

    @Override
    protected CancellationStore sibling(CancellationStore store) {
        return store;
    }
}
