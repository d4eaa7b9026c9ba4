package io.mig.core.memory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The entries of one in-memory keyed store (capabilities, schemas, MCP servers) in a sorted
 * concurrent map, with the watchers told of every put and every removal that removed something.
 */
final class WatchedEntries<V> {
    private final ConcurrentSkipListMap<String, V> byKey = new ConcurrentSkipListMap<>();
    private final Listeners<Consumer<String>> watchers = new Listeners<>();

    Optional<V> find(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
    }

    /** Every entry, ordered by key. */
    List<V> list() {
        return List.copyOf(byKey.values());
    }

    /** Inserts or replaces; true when the key was new. */
    boolean put(String key, V value) {
        boolean added = byKey.put(key, value) == null;
        watchers.tell(w -> w.accept(key));
        return added;
    }

    /** True when something was removed. */
    boolean remove(String key) {
        boolean removed = key != null && byKey.remove(key) != null;
        if (removed) {
            watchers.tell(w -> w.accept(key));
        }
        return removed;
    }

    AutoCloseable watch(Consumer<String> changed) {
        return watchers.add(changed);
    }
}
