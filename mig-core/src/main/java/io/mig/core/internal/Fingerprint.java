package io.mig.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 of a JSON value in canonical form (object keys sorted), so that two payloads that mean
 * the same thing have the same fingerprint whatever their key order or whitespace.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        canonical(node, out);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quote(names.get(i))).append(':');
                canonical(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonical(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            out.append(quote(node.textValue()));
        } else if (node.isNumber()) {
            out.append(canonicalNumber(node));
        } else {
            out.append(node.asText());
        }
    }

    /**
     * A number as {@code unscaled E exponent} of its shortest exact decimal: 1, 1.0 and 10E-1 agree,
     * and the text stays as short as the input (a plain expansion of 1e999999999 would be a billion
     * digits). A double that is not finite has no decimal form and keeps its name.
     */
    private static String canonicalNumber(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Double.toString(d);
            }
        }
        BigDecimal exact = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
        BigDecimal shortest = exact.signum() == 0 ? BigDecimal.ZERO : exact.stripTrailingZeros();
        return shortest.unscaledValue() + "E" + (-(long) shortest.scale());
    }

    private static String quote(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }
}
