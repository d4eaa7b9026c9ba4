package io.mig.core.memory;

import io.mig.core.port.out.McpServerStore;
import io.mig.core.port.out.McpServerStoreContract;

/** The in-memory {@link McpServerStore} passes the store contract; one object is every instance's view. */
class InMemoryMcpServerStoreTest extends McpServerStoreContract {
    @Override
    protected McpServerStore newStore() {
        return new InMemoryMcpServerStore();
    }

    @Override
    protected McpServerStore sibling(McpServerStore store) {
        return store;
    }
}
