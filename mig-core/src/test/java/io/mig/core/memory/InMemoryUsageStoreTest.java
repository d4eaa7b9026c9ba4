package io.mig.core.memory;

import io.mig.core.port.out.UsageStore;
import io.mig.core.port.out.UsageStoreContract;

/** The in-memory {@link UsageStore} passes the store contract; one object is every instance's view. */
class InMemoryUsageStoreTest extends UsageStoreContract {
    @Override
    protected UsageStore newStore() {
        return new InMemoryUsageStore();
    }

    @Override
    protected UsageStore sibling(UsageStore store) {
        return store;
    }
}
