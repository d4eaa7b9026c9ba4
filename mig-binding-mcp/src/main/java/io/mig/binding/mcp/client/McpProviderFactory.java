package io.mig.binding.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderFactory;

/**
 * Builds providers served by a tool of an upstream MCP server from
 * {@code {"type":"mcp","url":…,"tool":…,"headers":{…}}} (SPEC §12, docs/MCP.md). Found by
 * {@link java.util.ServiceLoader}; every provider of one server shares its session.
 * {@code max_concurrency} and {@code timeout_ms} are applied by the gateway, as for every kind.
 */
public final class McpProviderFactory implements ProviderFactory {
    @Override
    public String type() {
        return "mcp";
    }

    @Override
    public CapabilityProvider create(ObjectNode spec) {
        McpEndpoint endpoint = McpEndpoint.of(spec.get("url"), spec.get("headers"), "provider.");
        JsonNode tool = spec.get("tool");
        if (tool == null || !tool.isTextual() || tool.asText().isEmpty()) {
            throw MigException.invalid("provider.tool is required for an mcp provider: the upstream tool's name")
                    .withDetail("field", "provider.tool");
        }
        return new McpProvider(McpClients.shared().session(endpoint), tool.asText());
    }
}
