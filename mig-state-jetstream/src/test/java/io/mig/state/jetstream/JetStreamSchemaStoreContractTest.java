package io.mig.state.jetstream;

import io.mig.core.port.out.SchemaStore;
import io.mig.core.port.out.SchemaStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JetStreamSchemaStore} passes the store contract on a real nats-server, its sibling on a second connection. */
class JetStreamSchemaStoreContractTest extends SchemaStoreContract {
    @RegisterExtension
    static final StoreInstances<JetStreamSchemaStore> INSTANCES = new StoreInstances<>(JetStreamSchemaStore::new);

    @Override
    protected SchemaStore newStore() {
        return INSTANCES.fresh();
    }

    @Override
    protected SchemaStore sibling(SchemaStore store) {
        return INSTANCES.sibling(store);
    }
}
