package io.mig.state.jetstream;

import io.mig.core.port.out.UsageStore;
import io.mig.core.port.out.UsageStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JetStreamUsageStore} passes the store contract on a real nats-server, its sibling on a second connection. */
class JetStreamUsageStoreContractTest extends UsageStoreContract {
    @RegisterExtension
    static final StoreInstances<JetStreamUsageStore> INSTANCES = new StoreInstances<>(JetStreamUsageStore::new);

    @Override
    protected UsageStore newStore() {
        return INSTANCES.fresh();
    }

    @Override
    protected UsageStore sibling(UsageStore store) {
        return INSTANCES.sibling(store);
    }
}
