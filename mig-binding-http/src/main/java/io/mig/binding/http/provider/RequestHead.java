package io.mig.binding.http.provider;

import io.mig.core.spi.InvocationContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The head of a unary call to one {@code http://} target, as bytes: what every call carries is
 * encoded once (request line, {@code User-Agent}, {@code Host}, the configured headers), the rest
 * — {@link ProviderHeaders#perCall}, {@code Accept}, a forwarded {@code Authorization},
 * {@code Content-Type} and {@code Content-Length} — is appended per call. The fields and their
 * order are those Jetty's client sends for the same call (checked by {@code RequestHeadTest}),
 * values written as Jetty writes them: ISO-8859-1, anything else as a space — except that no
 * {@code Accept-Encoding} is sent (docs/DECISIONS.md, "Upstream HTTP/1.1 connection"). (And when
 * the caller's token replaces a configured {@code Authorization}, it comes after {@code Accept}
 * instead of in the configured one's place; the fields are the same.)
 */
final class RequestHead {
    private static final byte[] ACCEPT_AND_TYPE = ascii("Accept: " + ProviderHeaders.JSON + "\r\n");
    private static final byte[] CONTENT = ascii("Content-Type: " + ProviderHeaders.JSON + "\r\nContent-Length: ");
    private static final String AUTHORIZATION = "authorization";

    /** Everything before the per-call fields. */
    private final byte[] fixed;
    /** The same without a configured {@code Authorization}, for a call whose caller's token replaces it. */
    private final byte[] fixedWithoutAuthorization;
    private final HttpTarget target;

    RequestHead(HttpTarget target) {
        this.target = target;
        this.fixed = fixed(target, false);
        this.fixedWithoutAuthorization = fixed(target, true);
    }

    /** The head of one call whose body is {@code contentLength} bytes. */
    ByteBuffer encode(InvocationContext context, long remainingMs, int contentLength) {
        String token = ProviderHeaders.forwardedToken(target, context);
        Writer head = new Writer(token == null ? fixed : fixedWithoutAuthorization);
        ProviderHeaders.perCall(context, remainingMs, head);
        head.bytes(ACCEPT_AND_TYPE);
        if (token != null) {
            head.add("Authorization", "Bearer " + token);
        }
        head.bytes(CONTENT);
        head.text(Integer.toString(contentLength));
        head.text("\r\n\r\n");
        return head.toBuffer();
    }

    private static byte[] fixed(HttpTarget target, boolean withoutAuthorization) {
        Writer head = new Writer(new byte[0]);
        String path = target.url().getRawPath();
        String query = target.url().getRawQuery();
        head.text("POST ");
        head.text(path == null || path.isEmpty() ? "/" : path);
        if (query != null) {
            head.text("?");
            head.text(query);
        }
        head.text(" HTTP/1.1\r\n");
        // names differing only in case are one header, the last one given wins (as ProviderHeaders.fixed)
        Map<String, Map.Entry<String, String>> configured = new LinkedHashMap<>();
        target.headers().forEach((name, value) -> configured.put(name.toLowerCase(Locale.ROOT), Map.entry(name, value)));
        // Jetty's client puts its User-Agent first; a configured one takes its place
        Map.Entry<String, String> agent = configured.remove("user-agent");
        head.add("User-Agent", agent == null ? "migd" : agent.getValue());
        head.add("Host", target.url().getRawAuthority());
        for (Map.Entry<String, Map.Entry<String, String>> field : configured.entrySet()) {
            if (!(withoutAuthorization && field.getKey().equals(AUTHORIZATION))) {
                head.add(wireName(field.getValue().getKey()), field.getValue().getValue());
            }
        }
        return head.toBytes();
    }

    /** Jetty writes a header it knows by its own spelling ({@code authorization} as {@code Authorization}), others as given. */
    private static String wireName(String name) {
        HttpHeader known = HttpHeader.CACHE.get(name);
        return known == null ? name : known.asString();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growing byte array that header fields are written into. */
    private static final class Writer implements ProviderHeaders.FieldSink {
        private byte[] bytes;
        private int length;

        Writer(byte[] start) {
            bytes = Arrays.copyOf(start, start.length + 512);
            length = start.length;
        }

        @Override
        public void add(String name, String value) {
            text(name);
            text(": ");
            value(value);
            text("\r\n");
        }

        void bytes(byte[] more) {
            ensure(more.length);
            System.arraycopy(more, 0, bytes, length, more.length);
            length += more.length;
        }

        /** The request line, a name, a separator: ASCII as it is. */
        void text(String text) {
            int n = text.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[length++] = (byte) text.charAt(i);
            }
        }

        /** As Jetty's generator writes a value: a char outside ISO-8859-1, or a control other than tab, as a space. */
        private void value(String text) {
            int n = text.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                bytes[length++] = c > 0xff || c < 0x20 && c != '\t' ? (byte) ' ' : (byte) c;
            }
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
            }
        }

        ByteBuffer toBuffer() {
            return ByteBuffer.wrap(bytes, 0, length);
        }

        byte[] toBytes() {
            return Arrays.copyOf(bytes, length);
        }
    }
}
