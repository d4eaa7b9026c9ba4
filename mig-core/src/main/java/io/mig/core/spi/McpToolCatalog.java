package io.mig.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads the tool list of an upstream MCP server, for federation ({@code /admin/v0.1/mcp/servers}).
 * The control plane finds one with {@link java.util.ServiceLoader} (module {@code mig-binding-mcp})
 * so that it never depends on an MCP client itself.
 */
public interface McpToolCatalog {
    /**
     * Every tool of the server at {@code url}, all pages, each the MCP {@code Tool} object as the
     * server sent it ({@code name}, {@code description}, {@code inputSchema}, {@code outputSchema}, …).
     *
     * @throws io.mig.core.error.MigException {@code MIG_UNAVAILABLE} when the server cannot be reached,
     *         {@code MIG_INTERNAL} (502) when it answers something that is not MCP
     */
    List<ObjectNode> listTools(URI url, Map<String, String> headers, Duration timeout);

    /**
     * Calls {@code onToolsChanged} whenever the server announces {@code notifications/tools/list_changed},
     * until the returned handle is closed. The default never calls it (a catalog that cannot listen).
     */
    default AutoCloseable watchTools(URI url, Map<String, String> headers, Runnable onToolsChanged) {
        return () -> { };
    }
}
