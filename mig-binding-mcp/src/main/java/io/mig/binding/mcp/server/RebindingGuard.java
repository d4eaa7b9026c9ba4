package io.mig.binding.mcp.server;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * DNS-rebinding protection of the Streamable HTTP transport (SPEC §12): a browser page of another
 * site must not reach the MCP endpoint. An {@code Origin} is accepted when it is a loopback origin
 * or configured; on a loopback listener without authentication and without TLS the {@code Host}
 * must also be a loopback name or configured, since there nothing else tells a rebound name apart.
 */
final class RebindingGuard {
    private final List<String> allowedOrigins;
    private final List<String> allowedHosts;
    private final boolean checkHost;

    RebindingGuard(List<String> allowedOrigins, List<String> allowedHosts, boolean checkHost) {
        this.allowedOrigins = allowedOrigins.stream().map(o -> stripSlash(o.trim().toLowerCase(Locale.ROOT))).toList();
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        this.checkHost = checkHost;
    }

    /** Why the request is refused, or null when it may pass. */
    String refusal(String origin, String host) {
        if (origin != null && !originAllowed(origin)) {
            return "Origin '" + abbreviate(origin) + "' is not allowed";
        }
        if (checkHost && !hostAllowed(host)) {
            return "Host '" + abbreviate(host == null ? "" : host) + "' is not allowed on this loopback listener";
        }
        return null;
    }

    private boolean originAllowed(String origin) {
        String normalised = stripSlash(origin.trim().toLowerCase(Locale.ROOT));
        if (allowedOrigins.contains("*") || allowedOrigins.contains(normalised)) {
            return true;
        }
        try {
            URI uri = URI.create(normalised);
            return uri.getHost() != null && loopback(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostName(hostHeader.trim().toLowerCase(Locale.ROOT));
        return loopback(host) || allowedHosts.contains(host) || allowedHosts.contains(hostHeader.trim().toLowerCase(Locale.ROOT));
    }

    /** The name part of a Host value: {@code [::1]:8080} → {@code ::1}, {@code localhost:80} → {@code localhost}. */
    static String hostName(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }

    static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
