package io.mig.state.jetstream;

import io.mig.core.port.out.McpServerStore;
import io.mig.core.port.out.McpServerStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JetStreamMcpServerStore} passes the store contract on a real nats-server, its sibling on a second connection. */
class JetStreamMcpServerStoreContractTest extends McpServerStoreContract {
    @RegisterExtension
    static final StoreInstances<JetStreamMcpServerStore> INSTANCES = new StoreInstances<>(JetStreamMcpServerStore::new);

    @Override
    protected McpServerStore newStore() {
        return INSTANCES.fresh();
    }

    @Override
    protected McpServerStore sibling(McpServerStore store) {
        return INSTANCES.sibling(store);
    }
}
