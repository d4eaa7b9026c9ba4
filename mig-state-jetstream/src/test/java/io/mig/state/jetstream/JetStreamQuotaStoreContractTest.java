package io.mig.state.jetstream;

import io.mig.core.port.out.QuotaStore;
import io.mig.core.port.out.QuotaStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JetStreamQuotaStore} passes the store contract on a real nats-server, its sibling on a second connection. */
class JetStreamQuotaStoreContractTest extends QuotaStoreContract {
    @RegisterExtension
    static final StoreInstances<JetStreamQuotaStore> INSTANCES = new StoreInstances<>(JetStreamQuotaStore::new);

    @Override
    protected QuotaStore newStore() {
        return INSTANCES.fresh();
    }

    @Override
    protected QuotaStore sibling(QuotaStore store) {
        return INSTANCES.sibling(store);
    }
}
