package io.mig.core.port.out;

import java.util.List;
import java.util.Optional;

/** Where the federated MCP servers (SPEC §12) are kept, by name. */
public interface McpServerStore extends StoreChanges {
    Optional<McpServerEntry> find(String name);

    /** Every entry, ordered by name. */
    List<McpServerEntry> list();

    /** Inserts or replaces by name; returns true when the name was new. */
    boolean put(McpServerEntry entry);

    /** Returns true when something was removed. */
    boolean remove(String name);

    /** A store of federated MCP server entries in this JVM only (the default of {@code MIGD_STATE=memory}). */
    static McpServerStore inMemory() {
        return new io.mig.core.memory.InMemoryMcpServerStore();
    }
}
