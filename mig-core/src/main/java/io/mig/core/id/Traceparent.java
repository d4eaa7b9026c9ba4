package io.mig.core.id;

import java.nio.charset.StandardCharsets;

/** W3C trace context {@code traceparent} values: checked, and generated when missing or invalid. */
public final class Traceparent {
    /** {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. */
    private static final int LENGTH = 55;
    private static final int TRACE_START = 3;
    private static final int SPAN_START = 36;
    private static final int FLAGS_START = 53;

    private Traceparent() {
    }

    /**
     * True for the W3C syntax {@code [0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}}, except version
     * {@code ff} and all-zero trace or span ids. Checked by hand: it runs for every request that carries one.
     */
    public static boolean isValid(String value) {
        if (value == null || value.length() != LENGTH || value.charAt(2) != '-' || value.charAt(SPAN_START - 1) != '-'
                || value.charAt(FLAGS_START - 1) != '-' || value.startsWith("ff")) {
            return false;
        }
        return isHex(value, 0, 2) && isHex(value, FLAGS_START, LENGTH)
                && isHex(value, TRACE_START, SPAN_START - 1) && !isZeros(value, TRACE_START, SPAN_START - 1)
                && isHex(value, SPAN_START, FLAGS_START - 1) && !isZeros(value, SPAN_START, FLAGS_START - 1);
    }

    /**
     * A fresh {@code traceparent} (version 00, sampled) with random, never all-zero trace and span
     * ids. Trace ids need to be unique, not secret: they come from the thread's fast generator.
     */
    public static String generate() {
        byte[] text = new byte[LENGTH];
        text[0] = '0';
        text[1] = '0';
        text[2] = '-';
        Ids.hex(Ids.fastLong() | 1L, text, TRACE_START, 16); // never all zeros
        Ids.hex(Ids.fastLong(), text, TRACE_START + 16, 16);
        text[SPAN_START - 1] = '-';
        Ids.hex(Ids.fastLong() | 1L, text, SPAN_START, 16);
        text[FLAGS_START - 1] = '-';
        text[FLAGS_START] = '0';
        text[FLAGS_START + 1] = '1';
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
