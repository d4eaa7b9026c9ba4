package io.mig.core.port.out;

import java.util.List;
import java.util.Optional;

/**
 * Where registered schemas live, by URI. Validation reads them on every call that names a schema: a
 * store outside the JVM answers {@code find} from a local copy kept current by watching, and tells
 * the schema service of changes through {@link StoreChanges#watch} so compiled schemas follow.
 */
public interface SchemaStore extends StoreChanges {
    Optional<SchemaDocument> find(String uri);

    /** Every schema, ordered by URI. */
    List<SchemaDocument> list();

    /** Inserts or replaces by URI; returns true when the URI was new. */
    boolean put(SchemaDocument document);

    /** Returns true when something was removed. */
    boolean remove(String uri);

    /** A store of schemas in this JVM only (the default of {@code MIGD_STATE=memory}). */
    static SchemaStore inMemory() {
        return new io.mig.core.memory.InMemorySchemaStore();
    }
}
