package io.mig.binding.mcp.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Header values of the modern Streamable HTTP transport ({@code Mcp-Name}): plain when the value is
 * visible ASCII without leading or trailing whitespace, else {@code =?base64?…?=} of its UTF-8 bytes
 * (as is a plain value that looks like that sentinel).
 */
final class HeaderValues {
    private HeaderValues() {
    }

    static String encode(String value) {
        if (plain(value) && !(value.startsWith("=?base64?") && value.endsWith("?="))) {
            return value;
        }
        return "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static boolean plain(String value) {
        if (value.isEmpty() || value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            return false;
        }
        return value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }
}
