package io.mig.state.jetstream;

import io.mig.core.port.out.SchemaStore;
import io.mig.core.port.out.SchemaStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** {@link JetStreamSchemaStore} passes the store contract on a real nats-server, sibling on a second connection. */
class JetStreamSchemaStoreContractTest extends SchemaStoreContract {
    private static JetStreamServer nats;
    private static StoreInstances<JetStreamSchemaStore> instances;

    @BeforeAll
    static void startNats() {
        nats = JetStreamServer.start();
        instances = new StoreInstances<>(nats, JetStreamSchemaStore::new);
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
    protected SchemaStore newStore() {
        return instances.fresh();
    }

    @Override
    protected SchemaStore sibling(SchemaStore store) {
        return instances.sibling(store);
    }
}
