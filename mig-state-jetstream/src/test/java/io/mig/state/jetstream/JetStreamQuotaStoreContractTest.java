package io.mig.state.jetstream;

import io.mig.core.port.out.QuotaStore;
import io.mig.core.port.out.QuotaStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** {@link JetStreamQuotaStore} passes the store contract on a real nats-server, sibling on a second connection. */
class JetStreamQuotaStoreContractTest extends QuotaStoreContract {
    private static JetStreamServer nats;
    private static StoreInstances<JetStreamQuotaStore> instances;

    @BeforeAll
    static void startNats() {
        nats = JetStreamServer.start();
        instances = new StoreInstances<>(nats, JetStreamQuotaStore::new);
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
    protected QuotaStore newStore() {
        return instances.fresh();
    }

    @Override
    protected QuotaStore sibling(QuotaStore store) {
        return instances.sibling(store);
    }
}
