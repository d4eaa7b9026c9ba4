package io.mig.admin.federation;

import io.mig.core.model.Names;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns MCP tool names into the last token of a capability id ({@code <server>.<token>}). MCP
 * allows {@code .}, {@code /} and more in tool names (SEP-986: {@code [A-Za-z0-9_.-/]}); a MIG name
 * token is {@code [A-Za-z0-9_-]} (SPEC §1.3). Every other character becomes {@code _}; the result is
 * cut so the id stays within {@value Names#MAX_NAME_LENGTH} characters; a name that is already
 * taken by an earlier tool (in name order) gets {@code -2}, {@code -3}, …. The original name stays
 * in the provider block ({@code tool}) and is what the upstream is called with.
 */
final class ToolNames {
    private final int maxLength;
    private final Set<String> taken = new HashSet<>();

    ToolNames(String server) {
        this.maxLength = Names.MAX_NAME_LENGTH - server.length() - 1;
    }

    String next(String toolName) {
        String token = token(toolName, maxLength);
        String candidate = token;
        for (int n = 2; !taken.add(candidate); n++) {
            String suffix = "-" + n;
            candidate = token.substring(0, Math.min(token.length(), maxLength - suffix.length())) + suffix;
        }
        return candidate;
    }

    static String token(String toolName, int maxLength) {
        StringBuilder out = new StringBuilder(Math.min(toolName.length(), maxLength));
        for (int i = 0; i < toolName.length() && out.length() < maxLength; i++) {
            char c = toolName.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            out.append(allowed ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }
}
