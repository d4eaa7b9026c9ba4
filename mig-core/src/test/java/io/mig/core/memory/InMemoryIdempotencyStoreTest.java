package io.mig.core.memory;

import io.mig.core.port.out.IdempotencyStore;
import io.mig.core.port.out.IdempotencyStoreContract;

/** The in-memory {@link IdempotencyStore} passes the store contract; one object is every instance's view. */
class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {
    @Override
    protected IdempotencyStore newStore() {
        return new InMemoryIdempotencyStore(TTL, 10_000, clock);
    }

    @Override
    protected IdempotencyStore sibling(IdempotencyStore store) {
        return store;
    }
}
