package io.mig.core.memory;

import io.mig.core.port.out.QuotaStore;
import io.mig.core.port.out.QuotaStoreContract;

/** The in-memory {@link QuotaStore} passes the store contract; one object is every instance's view. */
class InMemoryQuotaStoreTest extends QuotaStoreContract {
    @Override
    protected QuotaStore newStore() {
        return new InMemoryQuotaStore();
    }

    @Override
    protected QuotaStore sibling(QuotaStore store) {
        return store;
    }
}
