package io.mig.binding.mcp.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the MCP server. Build with {@code McpOptions.defaults()} and the {@code with…}
 * methods; {@code migd} reads them from {@code MIGD_MCP_*} (see {@link McpServerProvider}).
 *
 * @param sessionKey HMAC key that signs legacy-era session ids; null means a random key of this
 *                   process (then a session is valid only on the instance that opened it)
 * @param sessionTtl how long a session id stays valid after {@code initialize}
 * @param allowedOrigins {@code Origin} values accepted besides loopback origins ({@code *} = any)
 * @param allowedHosts {@code Host} names accepted on an unauthenticated loopback listener besides loopback names
 * @param authorizationServers issuers named in the protected-resource metadata (RFC 9728)
 * @param pageSize tools per {@code tools/list} page
 * @param tokensRequired auth mode {@code jwt}: a failed authentication is answered with the
 *                       {@code WWW-Authenticate} challenge that points at the metadata document
 * @param resourceUrl the public base URL of this server (e.g. behind a proxy); null means the request's own
 */
public record McpOptions(byte[] sessionKey, Duration sessionTtl, List<String> allowedOrigins, List<String> allowedHosts,
                         List<String> authorizationServers, int pageSize, boolean tokensRequired, String resourceUrl) {
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(24);
    public static final int DEFAULT_PAGE_SIZE = 100;

    public McpOptions {
        Objects.requireNonNull(sessionTtl, "sessionTtl");
        if (sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new IllegalArgumentException("sessionTtl must be positive");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
        if (sessionKey != null && sessionKey.length < 16) {
            throw new IllegalArgumentException("the session key must have at least 16 bytes");
        }
        sessionKey = sessionKey == null ? null : sessionKey.clone();
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
        authorizationServers = List.copyOf(authorizationServers);
        resourceUrl = resourceUrl == null || resourceUrl.isBlank() ? null : stripSlash(resourceUrl.trim());
    }

    public static McpOptions defaults() {
        return new McpOptions(null, DEFAULT_SESSION_TTL, List.of(), List.of(), List.of(), DEFAULT_PAGE_SIZE, false, null);
    }

    public McpOptions withSessionKey(byte[] value) {
        return new McpOptions(value, sessionTtl, allowedOrigins, allowedHosts, authorizationServers, pageSize, tokensRequired, resourceUrl);
    }

    public McpOptions withSessionTtl(Duration value) {
        return new McpOptions(sessionKey, value, allowedOrigins, allowedHosts, authorizationServers, pageSize, tokensRequired, resourceUrl);
    }

    public McpOptions withAllowedOrigins(List<String> value) {
        return new McpOptions(sessionKey, sessionTtl, value, allowedHosts, authorizationServers, pageSize, tokensRequired, resourceUrl);
    }

    public McpOptions withAllowedHosts(List<String> value) {
        return new McpOptions(sessionKey, sessionTtl, allowedOrigins, value, authorizationServers, pageSize, tokensRequired, resourceUrl);
    }

    public McpOptions withAuthorizationServers(List<String> value) {
        return new McpOptions(sessionKey, sessionTtl, allowedOrigins, allowedHosts, value, pageSize, tokensRequired, resourceUrl);
    }

    public McpOptions withPageSize(int value) {
        return new McpOptions(sessionKey, sessionTtl, allowedOrigins, allowedHosts, authorizationServers, value, tokensRequired, resourceUrl);
    }

    public McpOptions withTokensRequired(boolean value) {
        return new McpOptions(sessionKey, sessionTtl, allowedOrigins, allowedHosts, authorizationServers, pageSize, value, resourceUrl);
    }

    public McpOptions withResourceUrl(String value) {
        return new McpOptions(sessionKey, sessionTtl, allowedOrigins, allowedHosts, authorizationServers, pageSize, tokensRequired, value);
    }

    @Override
    public byte[] sessionKey() {
        return sessionKey == null ? null : sessionKey.clone();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
