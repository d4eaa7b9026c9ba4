package io.mig.state.jetstream;

import io.mig.core.port.out.UsageStore;
import io.mig.core.port.out.UsageStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** {@link JetStreamUsageStore} passes the store contract on a real nats-server, sibling on a second connection. */
class JetStreamUsageStoreContractTest extends UsageStoreContract {
    private static JetStreamServer nats;
    private static StoreInstances<JetStreamUsageStore> instances;

    @BeforeAll
    static void startNats() {
        nats = JetStreamServer.start();
        instances = new StoreInstances<>(nats, JetStreamUsageStore::new);
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
    protected UsageStore newStore() {
        return instances.fresh();
    }

    @Override
    protected UsageStore sibling(UsageStore store) {
        return instances.sibling(store);
    }
}
