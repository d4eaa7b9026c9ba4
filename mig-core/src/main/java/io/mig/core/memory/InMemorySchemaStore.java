package io.mig.core.memory;

import io.mig.core.port.out.SchemaDocument;
import io.mig.core.port.out.SchemaStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/** Registered schema documents in a sorted concurrent map, by URI. */
public final class InMemorySchemaStore implements SchemaStore {
    private final ConcurrentSkipListMap<String, SchemaDocument> byUri = new ConcurrentSkipListMap<>();
    private final Listeners<Consumer<String>> watchers = new Listeners<>();

    @Override
    public Optional<SchemaDocument> find(String uri) {
        return uri == null ? Optional.empty() : Optional.ofNullable(byUri.get(uri));
    }

    @Override
    public List<SchemaDocument> list() {
        return List.copyOf(byUri.values());
    }

    @Override
    public boolean put(SchemaDocument document) {
        boolean added = byUri.put(document.uri(), document) == null;
        watchers.tell(w -> w.accept(document.uri()));
        return added;
    }

    @Override
    public boolean remove(String uri) {
        boolean removed = uri != null && byUri.remove(uri) != null;
        if (removed) {
            watchers.tell(w -> w.accept(uri));
        }
        return removed;
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed) {
        return watchers.add(changed);
    }
}
