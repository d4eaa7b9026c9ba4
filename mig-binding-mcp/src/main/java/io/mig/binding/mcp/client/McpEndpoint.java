package io.mig.binding.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.error.MigException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An upstream MCP server: its Streamable HTTP endpoint and the static headers sent with every
 * request (e.g. its API key). Two providers naming the same endpoint share one session.
 */
record McpEndpoint(URI url, Map<String, String> headers) {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Set by the HTTP client or by the MCP transport itself; a configuration may not fix them. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "upgrade", "te", "accept", "expect", "mcp-session-id", "mcp-protocol-version",
            "mcp-method", "mcp-name", "last-event-id");

    McpEndpoint {
        headers = Map.copyOf(headers);
    }

    /**
     * Checks a URL and a headers object (as in a provider block or a federation request).
     *
     * @param prefix the field prefix errors name ({@code provider.} or empty)
     * @throws MigException {@code MIG_INVALID_REQUEST} naming the field that is wrong
     */
    static McpEndpoint of(JsonNode url, JsonNode headers, String prefix) {
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw invalid(prefix + "url", prefix + "url is required: the MCP server's Streamable HTTP endpoint");
        }
        URI uri;
        try {
            uri = URI.create(url.asText().trim());
        } catch (IllegalArgumentException e) {
            throw invalid(prefix + "url", prefix + "url is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw invalid(prefix + "url", prefix + "url must be an absolute http:// or https:// URL with a host");
        }
        if (uri.getUserInfo() != null) {
            throw invalid(prefix + "url", prefix + "url must not carry credentials; use " + prefix + "headers");
        }
        return new McpEndpoint(uri, headers(headers, prefix + "headers"));
    }

    static McpEndpoint of(URI url, Map<String, String> headers) {
        return of(io.mig.core.json.MigJson.mapper().getNodeFactory().textNode(url.toString()),
                io.mig.core.json.MigJson.mapper().valueToTree(headers), "");
    }

    private static Map<String, String> headers(JsonNode node, String field) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw invalid(field, field + " must be an object of header names to string values");
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            String name = entry.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(name).matches()) {
                throw invalid(field, field + ": '" + name + "' is not a valid header name");
            }
            if (RESERVED.contains(lower) || lower.startsWith("mcp-param-") || lower.equals("traceparent")) {
                throw invalid(field, field + ": '" + name + "' is set by the MCP transport and cannot be configured");
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual() || value.asText().indexOf('\r') >= 0 || value.asText().indexOf('\n') >= 0) {
                throw invalid(field, field + ": the value of '" + name + "' must be a single-line string");
            }
            headers.put(name, value.asText());
        }
        return headers;
    }

    private static MigException invalid(String field, String message) {
        return MigException.invalid(message).withDetail("field", field);
    }

    @Override
    public String toString() {
        // header values are often secrets (API keys): never print them
        return "McpEndpoint[" + url + ", headers=" + headers.keySet() + "]";
    }
}
