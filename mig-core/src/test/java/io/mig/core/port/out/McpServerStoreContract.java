package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link McpServerStore} does; an implementation's test extends this and supplies a
 * fresh, empty store (the in-memory one here, a shared one where state lives outside the JVM).
 */
public abstract class McpServerStoreContract {
    protected abstract McpServerStore newStore();

    private static McpServerEntry entry(String name, String url, String... tools) {
        List<McpServerEntry.Tool> imported = java.util.Arrays.stream(tools)
                .map(t -> new McpServerEntry.Tool(t, name + "." + t, "tool " + t)).toList();
        return new McpServerEntry(name, url, Map.of("X-Api-Key", "k"), List.of("tools:use"), imported, "2026-01-01T00:00:00Z");
    }

    @Test
    void putFindsAndReplacesByName() {
        McpServerStore store = newStore();
        assertThat(store.put(entry("beta", "http://b/mcp", "x"))).isTrue();
        assertThat(store.put(entry("alpha", "http://a/mcp", "y", "z"))).isTrue();
        assertThat(store.put(entry("beta", "http://b2/mcp", "x", "w"))).isFalse();
        McpServerEntry beta = store.find("beta").orElseThrow();
        assertThat(beta.url()).isEqualTo("http://b2/mcp");
        assertThat(beta.tools()).extracting(McpServerEntry.Tool::capability).containsExactly("beta.x", "beta.w");
        assertThat(beta.headers()).containsEntry("X-Api-Key", "k");
        assertThat(beta.authScopes()).containsExactly("tools:use");
        assertThat(store.list()).extracting(McpServerEntry::name).containsExactly("alpha", "beta");
    }

    @Test
    void removeForgetsAndSaysWhetherThereWasSomething() {
        McpServerStore store = newStore();
        store.put(entry("alpha", "http://a/mcp"));
        assertThat(store.remove("alpha")).isTrue();
        assertThat(store.remove("alpha")).isFalse();
        assertThat(store.find("alpha")).isEmpty();
        assertThat(store.find(null)).isEmpty();
        assertThat(store.list()).isEmpty();
    }
}
