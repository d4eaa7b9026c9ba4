package io.mig.binding.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * {@link LeanRequest} against Jetty's own parser, on request bytes built to sit near the edge of
 * what it takes (odd header names and values, line ends, lengths, capabilities, flipped and
 * dropped bytes): whatever it takes, Jetty's parser reads as the same request — method, target,
 * every header in order, the body's end — without a complaint. What it does not take goes to Jetty
 * anyway, so a request both would read differently can only come from a wrong "yes".
 */
class LeanRequestFuzzTest {
    private static final int MAX_HEAD = 8192;
    private static final long MAX_BODY = 4096;

    @Property
    void whatItTakesJettyReadsAsTheSameRequest(@ForAll("requests") byte[] bytes) {
        LeanRequest lean = LeanRequest.parse(bytes, 0, bytes.length, MAX_HEAD, MAX_BODY);
        Statistics.collect(lean != null ? "taken" : "left to Jetty");
        // the inputs must keep reaching both verdicts, or the comparison says nothing
        Statistics.coverage(coverage -> {
            coverage.check("taken").percentage(p -> p >= 15);
            coverage.check("left to Jetty").percentage(p -> p >= 30);
        });
        if (lean == null) {
            return;
        }
        Jetty jetty = Jetty.parse(bytes);
        String input = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(jetty.failure).as(input).isNull();
        assertThat(jetty.method).as(input).isEqualTo("POST");
        assertThat(jetty.version).as(input).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(jetty.uri).as(input).isEqualTo("/mig/v0.1/invoke/" + lean.capability);
        assertThat(jetty.complete).as(input).isTrue();
        assertThat(jetty.consumed).as("where the request ends: " + input).isEqualTo(lean.length);
        List<String> leanHeaders = new ArrayList<>();
        lean.headers.forEach(field -> leanHeaders.add(line(field)));
        assertThat(leanHeaders).as(input).isEqualTo(jetty.headers);
    }

    @Property
    void nothingEscapesItAndWhatItTakesIsWhole(@ForAll("requests") byte[] bytes) {
        LeanRequest lean = LeanRequest.parse(bytes, 0, bytes.length, MAX_HEAD, MAX_BODY);
        if (lean != null) {
            assertThat(lean.length).isLessThanOrEqualTo(bytes.length);
            assertThat(lean.headLength).isLessThanOrEqualTo(lean.length);
            assertThat(new String(bytes, lean.headLength - 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("\r\n\r\n");
            assertThat(Long.parseLong(lean.headers.get("Content-Length"))).isEqualTo(lean.bodyLength());
        }
    }

    @Provide
    Arbitrary<byte[]> requests() {
        // mostly what a client sends, with one part at a time off the edge, so that both verdicts come up
        Arbitrary<String> capability = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().withChars("az09.-_").ofMinLength(1).ofMaxLength(12)),
                Tuple.of(1, Arbitraries.of("acme.echo", ".", "..", "", "a b", "a%2e", "a+b", "a;b", "a/b", "a?b", "\u00e9.x")),
                Tuple.of(1, Arbitraries.strings().withChars("az09.-_~:@!$&'()*,=+;%/?#\t ").ofMinLength(0).ofMaxLength(12)));
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("Content-Type", "X-Tenant-ID", "Authorization", "Accept", "traceparent", "X-A",
                        "Idempotency-Key", "User-Agent")),
                Tuple.of(2, Arbitraries.of("Host", "host", "Content-Length", "content-length", "Transfer-Encoding",
                        "Connection", "Expect", "Upgrade", "X A", "X:A", "", " Host", "Host ", "Content-Length\t")),
                Tuple.of(1, Arbitraries.strings().withChars("aZ09-_!#$%&'*+.^`|~ \t:\"(),/;<=>?@[\\]{}").ofMinLength(0).ofMaxLength(10)));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().withChars("az09 ./-=;,").ofMinLength(0).ofMaxLength(16)),
                Tuple.of(2, Arbitraries.of("localhost", "localhost:8080", "[::1]:8080", "[::1", "a:b:c", "h:99999", "h:",
                        ":80", "keep-alive", "close", "Close", "keep-alive, close", "upgrade", "chunked", "100-continue",
                        "application/json", "text/event-stream", "0", "2", "02", "+2", "-1", " 2 ", "2, 2",
                        "99999999999999999999", "")),
                Tuple.of(1, Arbitraries.strings().withChars("az09 \t\u0000\r\n\u007f\u0080\u00ff:[]-.,;=\"").ofMinLength(0).ofMaxLength(12)));
        Arbitrary<String> colon = Arbitraries.frequency(Tuple.of(8, ": "), Tuple.of(1, ":"), Tuple.of(1, ":  \t"), Tuple.of(1, " : "));
        Arbitrary<String> end = Arbitraries.frequency(Tuple.of(12, "\r\n"), Tuple.of(1, "\n"), Tuple.of(1, "\r"), Tuple.of(1, "\r\n "));
        Arbitrary<String> plainHeader = Combinators.combine(
                        Arbitraries.of("Content-Type", "X-Tenant-ID", "Authorization", "Accept", "traceparent", "User-Agent"),
                        Arbitraries.strings().withChars("az09 ./-=;,").ofMinLength(0).ofMaxLength(16))
                .as((n, v) -> n + ": " + v + "\r\n");
        Arbitrary<String> oddHeader = Combinators.combine(name, value, colon, end).as((n, v, c, e) -> n + c + v + e);
        // plain headers, and half the time one odd one among them
        Arbitrary<List<String>> headers = Combinators.combine(plainHeader.list().ofMinSize(0).ofMaxSize(4),
                        Arbitraries.frequency(Tuple.of(1, true), Tuple.of(1, false)), oddHeader, Arbitraries.integers().between(0, 4))
                .as((list, odd, header, at) -> {
                    List<String> all = new ArrayList<>(list);
                    if (odd) {
                        all.add(Math.min(at, all.size()), header);
                    }
                    return all;
                });
        Arbitrary<String> line = Combinators.combine(
                        Arbitraries.frequency(Tuple.of(12, "POST"), Tuple.of(1, "post"), Tuple.of(1, "GET"), Tuple.of(1, "POST ")),
                        capability,
                        Arbitraries.frequency(Tuple.of(12, " HTTP/1.1"), Tuple.of(1, " HTTP/1.0"), Tuple.of(1, "  HTTP/1.1"),
                                Tuple.of(1, " HTTP/1.1 "), Tuple.of(1, " http/1.1")),
                        end)
                .as((method, cap, version, e) -> method + " /mig/v0.1/invoke/" + cap + version + e);
        Arbitrary<String> host = Arbitraries.frequency(Tuple.of(8, "Host: localhost:8080\r\n"), Tuple.of(1, "Host: h\r\n"), Tuple.of(1, ""));
        Arbitrary<String> body = Arbitraries.strings().withChars("{}\":ab\r\n").ofMinLength(0).ofMaxLength(8);
        Arbitrary<Integer> off = Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, -1), Tuple.of(1, 1), Tuple.of(1, 2));
        Arbitrary<Boolean> declared = Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false));
        Arbitrary<String> request = Combinators.combine(line, host, headers, body, declared, off, end)
                .as((l, h, hs, b, d, o, e) -> l + h + String.join("", hs)
                        + (d ? "Content-Length: " + Math.max(0, b.length() + o) + "\r\n" : "") + e + b);
        Arbitrary<byte[]> plain = request.map(text -> text.getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> mutated = plain.flatMap(bytes -> Arbitraries.integers().between(0, Math.max(0, bytes.length - 1))
                .flatMap(at -> Arbitraries.of((byte) 0, (byte) '\r', (byte) '\n', (byte) ' ', (byte) ':', (byte) 0x80, (byte) 'A')
                        .flatMap(b -> Arbitraries.of(0, 1, 2).map(op -> mutate(bytes, at, b, op)))));
        // and requests a client sends as they are, but for their names, values and bodies
        Arbitrary<byte[]> clean = Combinators.combine(Arbitraries.strings().withChars("az09.-_").ofMinLength(1).ofMaxLength(12),
                        plainHeader.list().ofMinSize(0).ofMaxSize(4), body)
                .as((cap, hs, b) -> ("POST /mig/v0.1/invoke/" + cap + " HTTP/1.1\r\nHost: localhost:8080\r\n" + String.join("", hs)
                        + "Content-Length: " + b.length() + "\r\n\r\n" + b).getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.frequencyOf(Tuple.of(1, clean), Tuple.of(2, plain), Tuple.of(1, mutated));
    }

    /**
     * A header as both parsers must read it. Case aside: Jetty's parser hands back a field of its
     * cache for a line that matches one but in case ({@code Host: locAlhost:8080} comes back as
     * {@code localhost:8080}); {@code LeanRequestTest} holds that values are kept as sent.
     */
    private static String line(HttpField field) {
        return (field.getLowerCaseName() + ": " + field.getValue()).toLowerCase(java.util.Locale.ROOT);
    }

    /** One byte replaced (0), inserted (1) or dropped (2). */
    private static byte[] mutate(byte[] bytes, int at, byte b, int op) {
        if (bytes.length == 0) {
            return bytes;
        }
        return switch (op) {
            case 0 -> {
                byte[] out = bytes.clone();
                out[at] = b;
                yield out;
            }
            case 1 -> {
                byte[] out = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, out, 0, at);
                out[at] = b;
                System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
                yield out;
            }
            default -> {
                byte[] out = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
                yield out;
            }
        };
    }

    /** What Jetty's parser, as the server configures it by default, reads of the bytes. */
    private static final class Jetty implements HttpParser.RequestHandler {
        String method;
        String uri;
        HttpVersion version;
        final List<String> headers = new ArrayList<>();
        boolean complete;
        int consumed;
        HttpException failure;

        static Jetty parse(byte[] bytes) {
            Jetty jetty = new Jetty();
            HttpParser parser = new HttpParser(jetty, MAX_HEAD);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (!jetty.complete && jetty.failure == null && buffer.hasRemaining()) {
                int before = buffer.position();
                parser.parseNext(buffer);
                if (buffer.position() == before && !jetty.complete) {
                    break; // needs more bytes than there are
                }
            }
            jetty.consumed = buffer.position();
            return jetty;
        }

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
            this.method = method;
            this.uri = uri;
            this.version = version;
        }

        @Override
        public void parsedHeader(HttpField field) {
            headers.add(line(field));
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer item) {
            item.position(item.limit());
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            complete = true;
            return true;
        }

        @Override
        public void badMessage(HttpException failure) {
            this.failure = failure;
        }

        @Override
        public void earlyEOF() {
        }
    }
}
