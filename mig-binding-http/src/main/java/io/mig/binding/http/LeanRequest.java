package io.mig.binding.http;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HostPortHttpField;

/**
 * One {@code POST /mig/v0.1/invoke/{capability}} request that {@link LeanConnection} serves itself,
 * parsed from the bytes it has read — or null, and then Jetty's parser gets those bytes, so every
 * request this parser does not take is answered exactly as before (errors included).
 *
 * <p>It takes only a request that is whole in the bytes given (head and declared body) and plain:
 * the request line {@code POST /mig/v0.1/invoke/<segment> HTTP/1.1} with a segment of
 * {@link UnaryRouteHandler#plainSegment} characters (no query, no percent-encoding), CRLF line ends,
 * header names of token characters, values of visible ASCII, spaces and tabs (no folding, no
 * bytes above 0x7f), exactly one non-empty {@code Host} that Jetty's own check takes, exactly one decimal
 * {@code Content-Length} within the body limit, {@code Connection} only {@code keep-alive} or
 * {@code close} (then {@link #close}), no
 * {@code Transfer-Encoding}, {@code Upgrade} or {@code Expect}, and a head within the server's
 * request-header size. What the route handler refuses on top of that (SSE, repeated credentials,
 * draining) is its to check.
 */
final class LeanRequest {
    private static final byte[] START = "POST /mig/v0.1/invoke/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Digits a declared length may have: more would overflow a long (and no body limit is that large). */
    private static final int MAX_LENGTH_DIGITS = 18;

    final String capability;
    final HttpFields.Mutable headers;
    /** Bytes of the whole request, head and body. */
    final int length;
    /** Bytes of the head, where the body starts. */
    final int headLength;
    /** The caller asked to close the connection after the answer ({@code Connection: close}). */
    final boolean close;

    private LeanRequest(String capability, HttpFields.Mutable headers, int length, int headLength, boolean close) {
        this.capability = capability;
        this.headers = headers;
        this.length = length;
        this.headLength = headLength;
        this.close = close;
    }

    int bodyLength() {
        return length - headLength;
    }

    /**
     * The request at {@code bytes[from, to)}, or null when those bytes do not hold a whole request of
     * this kind.
     */
    static LeanRequest parse(byte[] bytes, int from, int to, int maxHeadBytes, long maxBodyBytes) {
        int limit = Math.min(to, from + maxHeadBytes);
        if (!startsWith(bytes, from, limit, START)) {
            return null;
        }
        int p = from + START.length;
        int segment = p;
        while (p < limit && bytes[p] != ' ') {
            p++;
        }
        if (!startsWith(bytes, p, limit, VERSION)) {
            return null;
        }
        String capability = ascii(bytes, segment, p); // a byte per char: anything above 0x7f is no plain character
        if (!UnaryRouteHandler.plainSegment(capability)) {
            return null;
        }
        p += VERSION.length;
        HttpFields.Mutable headers = HttpFields.build(8);
        long contentLength = -1;
        int hosts = 0;
        boolean close = false;
        while (true) {
            if (p + 1 >= limit) {
                return null; // incomplete, or a head above the limit
            }
            if (bytes[p] == '\r') {
                if (bytes[p + 1] != '\n') {
                    return null;
                }
                p += 2;
                break;
            }
            int name = p;
            while (p < limit && token(bytes[p])) {
                p++;
            }
            if (p == name || p >= limit || bytes[p] != ':') {
                return null;
            }
            int nameEnd = p++;
            while (p < limit && (bytes[p] == ' ' || bytes[p] == '\t')) {
                p++;
            }
            int value = p;
            while (p < limit && bytes[p] != '\r') {
                byte b = bytes[p];
                if (b < 0x20 && b != '\t' || b == 0x7f) { // negative: above 0x7f
                    return null;
                }
                p++;
            }
            if (p + 1 >= limit || bytes[p + 1] != '\n') {
                return null;
            }
            int valueEnd = p;
            while (valueEnd > value && (bytes[valueEnd - 1] == ' ' || bytes[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            p += 2;
            HttpField field = new HttpField(ascii(bytes, name, nameEnd), ascii(bytes, value, valueEnd));
            HttpHeader header = field.getHeader();
            if (header != null) {
                switch (header) {
                    case CONTENT_LENGTH -> {
                        if (contentLength >= 0 || (contentLength = digits(field.getValue())) < 0) {
                            return null;
                        }
                    }
                    case TRANSFER_ENCODING, UPGRADE, EXPECT -> {
                        return null;
                    }
                    case CONNECTION -> {
                        String option = field.getValue();
                        if (option.equalsIgnoreCase("close")) {
                            close = true;
                        } else if (!option.equalsIgnoreCase("keep-alive")) {
                            return null;
                        }
                    }
                    case HOST -> {
                        if (hosts++ > 0 || field.getValue().isEmpty() || !hostPort(field.getValue())) {
                            return null;
                        }
                    }
                    default -> {
                    }
                }
            }
            headers.add(field);
        }
        if (hosts != 1 || contentLength < 0 || contentLength > maxBodyBytes || to - p < contentLength) {
            return null;
        }
        int headLength = p - from;
        return new LeanRequest(capability, headers, headLength + (int) contentLength, headLength, close);
    }

    private static boolean startsWith(byte[] bytes, int at, int limit, byte[] prefix) {
        if (limit - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 tchar. */
    private static boolean token(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' || c == '+'
                || c == '-' || c == '.' || c == '^' || c == '_' || c == '`' || c == '|' || c == '~';
    }

    /** Whether Jetty's parser takes this {@code Host} (it checks it as it makes its field; a 400 otherwise). */
    private static boolean hostPort(String value) {
        try {
            new HostPortHttpField(value);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A decimal length; -1 when it is not one. */
    private static long digits(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    @SuppressWarnings("deprecation")
    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, 0, from, to - from); // one char per byte, no decoder: callers check what they take
    }
}
