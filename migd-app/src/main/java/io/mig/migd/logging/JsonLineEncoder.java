package io.mig.migd.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One flat JSON object per line, for log pipelines: {@code ts} (ISO-8601 UTC), {@code level},
 * {@code logger}, {@code thread}, {@code message}, then every MDC entry and every key-value pair of
 * the event as a field of its own (numbers and booleans keep their JSON type), then
 * {@code exception} (the stack trace as one string) when there is one.
 *
 * <p>Logback's own {@code JsonEncoder} nests the key-value pairs in a list of one-entry objects and
 * repeats the logger context on every line, which pipelines cannot index without a parsing step.
 * A field whose name is already taken is written with a leading {@code _}, so no line has a
 * duplicate key. Usable from a Logback configuration file:
 * {@code <encoder class="io.mig.migd.logging.JsonLineEncoder"/>}. Thread-safe.
 *
 * <p>The line is written straight into bytes, without a JSON library: this encoder runs once per
 * request on the access log's writer thread, and a Jackson generator per line (its buffer recycler,
 * per-character escaping, {@code Double.toString}) had been 12 % of the gateway's CPU on the P1
 * benchmark. The output is the same JSON: strings escaped as Jackson escapes them (quote, backslash
 * and control characters; everything else as UTF-8), a lone surrogate as its {@code \\u} escape.
 */
public final class JsonLineEncoder extends LineEncoder {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Override
    public byte[] encode(ILoggingEvent event) {
        Line line = new Line();
        line.out('{');
        line.field("ts").string(LogTime.format(event.getTimeStamp()));
        line.field("level").string(event.getLevel().toString());
        line.field("logger").string(event.getLoggerName());
        line.field("thread").string(event.getThreadName());
        line.field("message").string(event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                line.freeField(entry.getKey()).string(entry.getValue());
            }
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                line.freeField(String.valueOf(pair.key)).value(pair.value);
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.field("exception").string(ThrowableProxyUtil.asString(thrown));
        }
        line.out('}');
        line.out('\n');
        return line.bytes();
    }

    /** The bytes of one line as they are written, and the field names it has taken. */
    private static final class Line {
        private byte[] bytes = new byte[512];
        private int length;
        /** Names written after the encoder's own fields (a line has a dozen or so: no hash set needed). */
        private String[] taken = new String[12];
        private int takenCount;

        byte[] bytes() {
            return Arrays.copyOf(bytes, length);
        }

        /** One of the encoder's own fields, which come first and are never taken before. */
        Line field(String name) {
            if (bytes[length - 1] != '{') {
                out(',');
            }
            return string(name).out(':');
        }

        /** A field named {@code name}, or {@code _name} (and so on) if a field of the line has that name. */
        Line freeField(String name) {
            String free = name;
            while (isTaken(free)) {
                free = "_" + free;
            }
            if (takenCount == taken.length) {
                taken = Arrays.copyOf(taken, 2 * takenCount);
            }
            taken[takenCount++] = free;
            return field(free);
        }

        private boolean isTaken(String name) {
            switch (name) {
                case "ts", "level", "logger", "thread", "message", "exception" -> {
                    return true;
                }
                default -> {
                    int hash = name.hashCode();
                    for (int i = 0; i < takenCount; i++) {
                        if (taken[i].hashCode() == hash && taken[i].equals(name)) {
                            return true;
                        }
                    }
                    return false;
                }
            }
        }

        void value(Object value) {
            if (value == null) {
                ascii("null");
            } else if (value instanceof Boolean b) {
                ascii(b ? "true" : "false");
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                number(((Number) value).longValue());
            } else if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
                number(((Number) value).doubleValue());
            } else if (value instanceof BigDecimal || value instanceof BigInteger) {
                ascii(value.toString());
            } else {
                string(value.toString());
            }
        }

        private void number(long value) {
            ascii(Long.toString(value));
        }

        /**
         * A double as {@code Double.toString} writes it. Durations rounded to hundredths (the access
         * log's {@code duration_ms}) take a path without it: a value that is exactly {@code n / 100.0}
         * in [0.01, 10^7) has {@code n / 100} with its trailing zeros dropped (one digit kept after the
         * point) as its shortest decimal form, which is what {@code Double.toString} writes.
         */
        private void number(double value) {
            long hundredths = Math.round(value * 100);
            if (value >= 0.01 && value < 1e7 && hundredths / 100.0 == value) {
                number(hundredths / 100);
                out('.');
                int fraction = (int) (hundredths % 100);
                out((char) ('0' + fraction / 10));
                if (fraction % 10 != 0) {
                    out((char) ('0' + fraction % 10));
                }
            } else {
                ascii(Double.toString(value));
            }
        }

        /** Text known to need no escaping: JSON literals and numbers. */
        private void ascii(String text) {
            int n = text.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[length++] = (byte) text.charAt(i);
            }
        }

        /** A JSON string: quoted, escaped, UTF-8. */
        Line string(String text) {
            int n = text.length();
            // most characters are one byte; the rest grow the buffer as they come
            ensure(n + 2);
            bytes[length++] = '"';
            int i = plain(text, 0);
            while (i < n) {
                i = special(text, i, text.charAt(i)) + 1;
                ensure(n - i + 1);
                i = plain(text, i);
            }
            return out('"');
        }

        /**
         * Copies the characters from {@code from} on that are written as they are (printable ASCII but
         * quote and backslash), with the buffer and position in locals: the loop every line spends most
         * of its time in. The buffer has room for all of them. Returns the index of the first other one.
         */
        private int plain(String text, int from) {
            byte[] out = bytes;
            int at = length;
            int n = text.length();
            int i = from;
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                    break;
                }
                out[at++] = (byte) c;
            }
            length = at;
            return i;
        }

        /** Writes the character at {@code i} that is not plain ASCII; the index of the last character it used. */
        private int special(String text, int i, char c) {
            ensure(12);
            switch (c) {
                case '"' -> escaped('"');
                case '\\' -> escaped('\\');
                case '\n' -> escaped('n');
                case '\r' -> escaped('r');
                case '\t' -> escaped('t');
                case '\b' -> escaped('b');
                case '\f' -> escaped('f');
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c);
                    } else if (c < 0x800) {
                        bytes[length++] = (byte) (0xc0 | c >> 6);
                        bytes[length++] = (byte) (0x80 | c & 0x3f);
                    } else if (!Character.isSurrogate(c)) {
                        bytes[length++] = (byte) (0xe0 | c >> 12);
                        bytes[length++] = (byte) (0x80 | c >> 6 & 0x3f);
                        bytes[length++] = (byte) (0x80 | c & 0x3f);
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        int code = Character.toCodePoint(c, text.charAt(i + 1));
                        bytes[length++] = (byte) (0xf0 | code >> 18);
                        bytes[length++] = (byte) (0x80 | code >> 12 & 0x3f);
                        bytes[length++] = (byte) (0x80 | code >> 6 & 0x3f);
                        bytes[length++] = (byte) (0x80 | code & 0x3f);
                        return i + 1;
                    } else {
                        // a lone surrogate has no UTF-8 form; its escape keeps the line valid and the text whole
                        unicodeEscape(c);
                    }
                }
            }
            return i;
        }

        private void escaped(char c) {
            bytes[length++] = '\\';
            bytes[length++] = (byte) c;
        }

        private void unicodeEscape(char c) {
            bytes[length++] = '\\';
            bytes[length++] = 'u';
            bytes[length++] = HEX[c >> 12];
            bytes[length++] = HEX[c >> 8 & 0xf];
            bytes[length++] = HEX[c >> 4 & 0xf];
            bytes[length++] = HEX[c & 0xf];
        }

        Line out(char c) {
            ensure(1);
            bytes[length++] = (byte) c;
            return this;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
            }
        }
    }
}
