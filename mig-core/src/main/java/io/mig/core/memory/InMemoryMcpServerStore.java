package io.mig.core.memory;

import io.mig.core.port.out.McpServerEntry;
import io.mig.core.port.out.McpServerStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Federated MCP servers in a sorted concurrent map. */
public final class InMemoryMcpServerStore implements McpServerStore {
    private final WatchedEntries<McpServerEntry> entries = new WatchedEntries<>();

    @Override
    public Optional<McpServerEntry> find(String name) {
        return entries.find(name);
    }

    @Override
    public List<McpServerEntry> list() {
        return entries.list();
    }

    @Override
    public boolean put(McpServerEntry entry) {
        return entries.put(entry.name(), entry);
    }

    @Override
    public boolean remove(String name) {
        return entries.remove(name);
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed) {
        return entries.watch(changed);
    }
}
