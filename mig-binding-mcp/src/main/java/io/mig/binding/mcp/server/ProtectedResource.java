package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import java.util.Collection;
import java.util.List;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for an MCP endpoint, and the
 * {@code WWW-Authenticate} challenge that points clients at it (MCP authorization, SPEC §12).
 * The document of the resource {@code <base>/mcp/x} lives at
 * {@code <base>/.well-known/oauth-protected-resource/mcp/x} (RFC 9728 §3.1).
 */
final class ProtectedResource {
    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final List<String> authorizationServers;

    ProtectedResource(List<String> authorizationServers) {
        this.authorizationServers = authorizationServers;
    }

    /** Where the metadata of the resource at {@code path} (e.g. {@code /mcp}) is served. */
    static String metadataUrl(String base, String path) {
        return base + WELL_KNOWN + path;
    }

    static String challenge(String base, String path, String error) {
        StringBuilder value = new StringBuilder("Bearer resource_metadata=\"").append(metadataUrl(base, path)).append('"');
        if (error != null) {
            value.append(", error=\"").append(error).append('"');
        }
        return value.toString();
    }

    ObjectNode document(String base, String path, Collection<String> scopes) {
        ObjectNode doc = MigJson.object().put("resource", base + path);
        var servers = doc.putArray("authorization_servers");
        authorizationServers.forEach(servers::add);
        var supported = doc.putArray("scopes_supported");
        scopes.stream().sorted().distinct().forEach(supported::add);
        doc.putArray("bearer_methods_supported").add("header");
        doc.put("resource_name", "migd MCP server");
        return doc;
    }
}
