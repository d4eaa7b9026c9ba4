package io.mig.state.jetstream;

import io.mig.core.port.out.CapabilityStore;
import io.mig.core.port.out.CapabilityStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JetStreamCapabilityStore} passes the store contract on a real nats-server, its sibling on a second connection. */
class JetStreamCapabilityStoreContractTest extends CapabilityStoreContract {
    @RegisterExtension
    static final StoreInstances<JetStreamCapabilityStore> INSTANCES = new StoreInstances<>(JetStreamCapabilityStore::new);

    @Override
    protected CapabilityStore newStore() {
        return INSTANCES.fresh();
    }

    @Override
    protected CapabilityStore sibling(CapabilityStore store) {
        return INSTANCES.sibling(store);
    }
}
