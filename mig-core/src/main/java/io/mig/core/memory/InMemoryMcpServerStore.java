package io.mig.core.memory;

import io.mig.core.port.out.McpServerEntry;
import io.mig.core.port.out.McpServerStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentSkipListMap;

/** Federated MCP servers in a sorted concurrent map. */
public final class InMemoryMcpServerStore implements McpServerStore {
    private final ConcurrentSkipListMap<String, McpServerEntry> byName = new ConcurrentSkipListMap<>();
    private final Listeners<Consumer<String>> watchers = new Listeners<>();

    @Override
    public Optional<McpServerEntry> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<McpServerEntry> list() {
        return List.copyOf(byName.values());
    }

    @Override
    public boolean put(McpServerEntry entry) {
        boolean added = byName.put(entry.name(), entry) == null;
        watchers.tell(w -> w.accept(entry.name()));
        return added;
    }

    @Override
    public boolean remove(String name) {
        boolean removed = name != null && byName.remove(name) != null;
        if (removed) {
            watchers.tell(w -> w.accept(name));
        }
        return removed;
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed) {
        return watchers.add(changed);
    }
}
