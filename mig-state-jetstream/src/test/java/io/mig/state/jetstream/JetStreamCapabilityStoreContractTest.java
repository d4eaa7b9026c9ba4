package io.mig.state.jetstream;

import io.mig.core.port.out.CapabilityStore;
import io.mig.core.port.out.CapabilityStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** {@link JetStreamCapabilityStore} passes the store contract on a real nats-server, sibling on a second connection. */
class JetStreamCapabilityStoreContractTest extends CapabilityStoreContract {
    private static JetStreamServer nats;
    private static StoreInstances<JetStreamCapabilityStore> instances;

    @BeforeAll
    static void startNats() {
        nats = JetStreamServer.start();
        instances = new StoreInstances<>(nats, JetStreamCapabilityStore::new);
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
    protected CapabilityStore newStore() {
        return instances.fresh();
    }

    @Override
    protected CapabilityStore sibling(CapabilityStore store) {
        return instances.sibling(store);
    }
}
