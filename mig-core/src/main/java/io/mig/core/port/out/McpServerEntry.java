package io.mig.core.port.out;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One upstream MCP server federated into the gateway (SPEC §12): where it is, the static headers
 * sent to it, the scopes its capabilities require, and which capability each of its tools became.
 * JSON-shaped (snake_case) so a store outside the JVM can keep it as a document.
 *
 * @param name       the federation name, one name token; the capabilities are {@code <name>.<tool>}
 * @param url        the server's Streamable HTTP endpoint
 * @param headers    static headers for every request to it (often secrets: never shown by the admin API)
 * @param authScopes the {@code auth_scopes} of every imported capability
 * @param tools      the imported tools, ordered by tool name
 * @param importedAt when the tools were last read (RFC 3339)
 */
public record McpServerEntry(@JsonProperty("name") String name,
                             @JsonProperty("url") String url,
                             @JsonProperty("headers") Map<String, String> headers,
                             @JsonProperty("auth_scopes") List<String> authScopes,
                             @JsonProperty("tools") List<Tool> tools,
                             @JsonProperty("imported_at") String importedAt) {
    public McpServerEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        authScopes = authScopes == null ? List.of() : List.copyOf(authScopes);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /**
     * One imported tool.
     *
     * @param name        the upstream's tool name, as the server spells it
     * @param capability  the capability id it was imported as
     * @param description the tool's description, if it has one
     */
    public record Tool(@JsonProperty("name") String name,
                       @JsonProperty("capability") String capability,
                       @JsonProperty("description") String description) {
    }
}
