package io.mig.binding.mcp.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The MCP protocol versions served, and the request metadata of the 2026-07-28 era. */
final class Protocol {
    /** The stateless era: per-request {@code _meta}, no {@code initialize}, no sessions. */
    static final String MODERN = "2026-07-28";
    /** The {@code initialize} era, newest first. */
    static final List<String> LEGACY = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    static final List<String> SUPPORTED = List.of(MODERN, "2025-11-25", "2025-06-18", "2025-03-26");

    static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";
    static final String SESSION_HEADER = "Mcp-Session-Id";

    private static final String B64_PREFIX = "=?base64?";
    private static final String B64_SUFFIX = "?=";

    private Protocol() {
    }

    /**
     * The legacy version answered to {@code initialize}: the one asked for when served, else the
     * newest — also when none is asked for ({@code List.of(...).contains(null)} throws).
     */
    static String negotiateLegacy(String requested) {
        return requested != null && LEGACY.contains(requested) ? requested : LEGACY.get(0);
    }

    /** A mirrored header value with the Base64 sentinel ({@code =?base64?…?=}) decoded. */
    static String headerValue(String raw) {
        if (raw != null && raw.startsWith(B64_PREFIX) && raw.endsWith(B64_SUFFIX) && raw.length() >= B64_PREFIX.length() + B64_SUFFIX.length()) {
            String encoded = raw.substring(B64_PREFIX.length(), raw.length() - B64_SUFFIX.length());
            try {
                return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw McpError.headerMismatch("a header's Base64 value is malformed");
            }
        }
        return raw;
    }
}
