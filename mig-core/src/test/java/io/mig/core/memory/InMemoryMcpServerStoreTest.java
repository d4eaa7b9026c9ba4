package io.mig.core.memory;

import io.mig.core.port.out.McpServerStore;
import io.mig.core.port.out.McpServerStoreContract;

class InMemoryMcpServerStoreTest extends McpServerStoreContract {
    @Override
    protected McpServerStore newStore() {
        return new InMemoryMcpServerStore();
    }
}
