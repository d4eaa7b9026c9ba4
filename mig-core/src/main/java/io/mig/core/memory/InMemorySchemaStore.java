package io.mig.core.memory;

import io.mig.core.port.out.SchemaDocument;
import io.mig.core.port.out.SchemaStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Registered schema documents, by URI, in a sorted concurrent map. */
public final class InMemorySchemaStore implements SchemaStore {
    private final WatchedEntries<SchemaDocument> entries = new WatchedEntries<>();

    @Override
    public Optional<SchemaDocument> find(String uri) {
        return entries.find(uri);
    }

    @Override
    public List<SchemaDocument> list() {
        return entries.list();
    }

    @Override
    public boolean put(SchemaDocument document) {
        return entries.put(document.uri(), document);
    }

    @Override
    public boolean remove(String uri) {
        return entries.remove(uri);
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed) {
        return entries.watch(changed);
    }
}
