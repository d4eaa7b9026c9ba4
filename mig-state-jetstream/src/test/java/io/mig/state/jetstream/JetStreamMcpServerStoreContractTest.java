package io.mig.state.jetstream;

import io.mig.core.port.out.McpServerStore;
import io.mig.core.port.out.McpServerStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** {@link JetStreamMcpServerStore} passes the store contract on a real nats-server, sibling on a second connection. */
class JetStreamMcpServerStoreContractTest extends McpServerStoreContract {
    private static JetStreamServer nats;
    private static StoreInstances<JetStreamMcpServerStore> instances;

    @BeforeAll
    static void startNats() {
        nats = JetStreamServer.start();
        instances = new StoreInstances<>(nats, JetStreamMcpServerStore::new);
    }

    @AfterAll
    static void stopNats() {
        nats.close();
    }

    @AfterEach
    void closeStores() throws Exception {
        instances.close();
    }

    @Override
    protected McpServerStore newStore() {
        return instances.fresh();
    }

    @Override
    protected McpServerStore sibling(McpServerStore store) {
        return instances.sibling(store);
    }
}
