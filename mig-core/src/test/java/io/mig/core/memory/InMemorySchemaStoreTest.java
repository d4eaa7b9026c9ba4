package io.mig.core.memory;

import io.mig.core.port.out.SchemaStore;
import io.mig.core.port.out.SchemaStoreContract;

/** The in-memory {@link SchemaStore} passes the store contract; one object is every instance's view. */
class InMemorySchemaStoreTest extends SchemaStoreContract {
    @Override
    protected SchemaStore newStore() {
        return new InMemorySchemaStore();
    }

    @Override
    protected SchemaStore sibling(SchemaStore store) {
        return store;
    }
}
