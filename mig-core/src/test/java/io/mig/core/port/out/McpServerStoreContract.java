package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link McpServerStore} does: the watched-store cases of {@link KeyedStoreContract} over
 * federation entries, which keep their headers, scopes and imported tools in order.
 */
public abstract class McpServerStoreContract extends KeyedStoreContract<McpServerStore, McpServerEntry> {
    @Override
    protected McpServerEntry entry(String name, int version) {
        List<McpServerEntry.Tool> tools = IntStream.rangeClosed(1, version)
                .mapToObj(i -> new McpServerEntry.Tool("tool" + (version - i), name + ".tool" + (version - i), "tool " + i))
                .toList();
        return new McpServerEntry(name, "http://" + name + ".test/mcp/" + version, Map.of("X-Api-Key", "k" + version),
                List.of("tools:use"), tools, "2026-01-01T00:00:00Z");
    }

    @Override
    protected String keyOf(McpServerEntry entry) {
        return entry.name();
    }

    @Override
    protected void put(McpServerStore store, McpServerEntry entry) {
        store.put(entry);
    }

    @Override
    protected Optional<McpServerEntry> find(McpServerStore store, String key) {
        return store.find(key);
    }

    @Override
    protected List<McpServerEntry> list(McpServerStore store) {
        return store.list();
    }

    @Override
    protected boolean remove(McpServerStore store, String key) {
        return store.remove(key);
    }

    @Test
    void putSaysWhetherTheNameWasNewAndKeepsEveryField() {
        McpServerStore store = newStore();
        assertThat(store.put(entry("beta", 1))).isTrue();
        assertThat(store.put(entry("beta", 3))).isFalse();
        McpServerEntry beta = store.find("beta").orElseThrow();
        assertThat(beta.tools()).extracting(McpServerEntry.Tool::capability)
                .containsExactly("beta.tool2", "beta.tool1", "beta.tool0");
        assertThat(beta.headers()).containsExactly(Map.entry("X-Api-Key", "k3"));
        assertThat(beta.authScopes()).containsExactly("tools:use");
        assertThat(store.find(null)).isEmpty();
        assertThat(store.remove(null)).isFalse();
    }
}
