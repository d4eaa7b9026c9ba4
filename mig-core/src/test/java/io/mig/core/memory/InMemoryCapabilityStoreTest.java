package io.mig.core.memory;

import io.mig.core.port.out.CapabilityStore;
import io.mig.core.port.out.CapabilityStoreContract;

/** The in-memory {@link CapabilityStore} passes the store contract; one object is every instance's view. */
class InMemoryCapabilityStoreTest extends CapabilityStoreContract {
    @Override
    protected CapabilityStore newStore() {
        return new InMemoryCapabilityStore();
    }

    @Override
    protected CapabilityStore sibling(CapabilityStore store) {
        return store;
    }
}
