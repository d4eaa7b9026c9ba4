package io.mig.core.memory;

import io.mig.core.port.out.McpServerEntry;
import io.mig.core.port.out.McpServerStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Federated MCP servers in a sorted concurrent map. */
public final class InMemoryMcpServerStore implements McpServerStore {
    private final ConcurrentSkipListMap<String, McpServerEntry> byName = new ConcurrentSkipListMap<>();

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
        return byName.put(entry.name(), entry) == null;
    }

    @Override
    public boolean remove(String name) {
        return name != null && byName.remove(name) != null;
    }
}
