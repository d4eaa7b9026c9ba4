package io.mig.core.id;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** W3C trace context {@code traceparent} values: checked, and generated when missing or invalid. */
public final class Traceparent {
    private static final Pattern SYNTAX = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final HexFormat HEX = HexFormat.of();

    private Traceparent() {
    }

    public static boolean isValid(String value) {
        if (value == null || !SYNTAX.matcher(value).matches() || value.startsWith("ff")) {
            return false;
        }
        return !value.substring(3, 35).chars().allMatch(c -> c == '0')
                && !value.substring(36, 52).chars().allMatch(c -> c == '0');
    }

    public static String generate() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        Ids.randomBytes(trace);
        Ids.randomBytes(span);
        trace[0] |= 1; // never all zeros
        span[0] |= 1;
        return "00-" + HEX.formatHex(trace) + "-" + HEX.formatHex(span) + "-01";
    }
}
