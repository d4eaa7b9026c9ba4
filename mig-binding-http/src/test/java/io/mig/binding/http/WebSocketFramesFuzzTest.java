package io.mig.binding.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mig.core.testing.FuzzInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of the WebSocket stream binding (issue 11, item 3; SPEC §3.5):
 * {@code jqwik.tries.default} inputs (short in the test command, 100,000 in {@code bench/fuzz}) sent
 * to a real {@code /mig/v0.1/stream} over a raw RFC 6455 client. The frame decoder is the binding's
 * own (a text message → JSON object → {@code StreamFrame}, {@code stream_preference}, kind dispatch),
 * not the HTTP envelope decoder, so it is fuzzed here.
 * <ul>
 * <li>Text frames — stream frames built from valid and flawed parts, damaged bytes, batches, deep
 * nesting, noise — each get an answer on a socket that stays open: an {@code error} frame with a
 * specified client-side code ({@code MIG_INVALID_REQUEST} whenever the message is not a request or
 * cancel frame), a response stream that ends, or a cancel acknowledgement; never
 * {@code MIG_INTERNAL}.</li>
 * <li>Frames no JSON decoder should see — invalid UTF-8 in a text frame, binary, reserved opcodes
 * and bits, a close with a body — end the socket with a protocol close code (1002, 1003, 1007, 1009)
 * or leave it serving, never a server error (1011) or a hang.</li>
 * </ul>
 */
class WebSocketFramesFuzzTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    /** The answers a client's mistake may get; MIG_INTERNAL or MIG_UNAVAILABLE would be the server failing. */
    private static final Set<String> CLIENT_ERRORS = Set.of("MIG_INVALID_REQUEST", "MIG_NOT_FOUND", "MIG_FORBIDDEN",
            "MIG_UNAUTHORIZED", "MIG_UNSUPPORTED_CAPABILITY", "MIG_VERSION_MISMATCH", "MIG_TIMEOUT", "MIG_RATE_LIMITED",
            "MIG_BACKPRESSURE");
    /** Close codes of RFC 6455 §7.4.1 that blame the client's frame. */
    private static final Set<Integer> PROTOCOL_CLOSES = Set.of(1002, 1003, 1007, 1009);
    private static final AtomicLong PROBES = new AtomicLong();

    private static HttpBinding http;
    private static RawWebSocket shared;

    @BeforeContainer
    static void startServer() {
        http = HttpBinding.builder(FuzzInputs.echoGateway()).options(HttpOptions.defaults().withHost("127.0.0.1").withPort(0)).build();
        http.start();
    }

    @AfterContainer
    static void stopServer() {
        if (shared != null) {
            shared.close();
        }
        if (http != null) {
            http.stop(Duration.ZERO);
        }
    }

    @Property
    void everyTextFrameIsAnsweredOnASocketThatStaysOpen(@ForAll("textFrames") TextInput input) throws IOException {
        if (shared == null) {
            shared = RawWebSocket.open(http.port(), WebSocketStreams.PATH, "acme");
        }
        RawWebSocket ws = shared;
        shared = null; // taken back below only when this input left it in a known state
        ws.sendText(input.bytes());
        while (true) {
            RawWebSocket.Frame frame = ws.next();
            assertThat(frame.opcode()).as("a bad frame is answered, the socket stays open: %s -> close %s %s", input,
                    frame.opcode() == RawWebSocket.CLOSE ? frame.closeCode() : "", frame.text()).isEqualTo(RawWebSocket.TEXT);
            JsonNode answer = PLAIN.readTree(frame.payload());
            String shown = input + " -> " + answer;
            String kind = answer.path("kind").asText();
            if (kind.equals("error")) {
                String code = answer.path("error").path("code").asText();
                assertThat(code).as("a specified client-side error: %s", shown).isIn(CLIENT_ERRORS);
                if (input.malformed()) {
                    assertThat(code).as("not a request or cancel frame: %s", shown).isEqualTo("MIG_INVALID_REQUEST");
                }
                assertThat(answer.path("end_stream").asBoolean()).as("an error ends its stream: %s", shown).isTrue();
                break;
            }
            assertThat(input.malformed()).as("only a request or a cancel gets more than an error: %s", shown).isFalse();
            if (kind.equals("control") || answer.path("end_stream").asBoolean()) {
                break; // a cancel's acknowledgement, or the last frame of a stream
            }
            assertThat(kind).as("a stream's frames: %s", shown).isIn("response", "event");
        }
        shared = ws;
    }

    @Property
    void framesNoDecoderShouldSeeEndTheSocketCleanlyOrAreSurvived(@ForAll("rawFrames") RawInput input) throws IOException {
        try (RawWebSocket ws = RawWebSocket.open(http.port(), WebSocketStreams.PATH, "acme")) {
            ws.send(input.firstByte(), input.payload());
            String probe = "probe-" + PROBES.incrementAndGet();
            try {
                // a frame of kind control without a cancel: answered with an error frame naming its stream_id
                ws.sendText(("{\"kind\":\"control\",\"stream_id\":\"" + probe + "\",\"payload\":{\"action\":\"noop\"}}")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedAlready) {
                // the server may have closed on the bad frame before the probe: the close frame says why
            }
            while (true) {
                RawWebSocket.Frame frame = ws.next();
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    if ((input.firstByte() & 0x0f) != RawWebSocket.CLOSE) { // a client's close is answered with its own code
                        assertThat(frame.closeCode()).as("closed for the client's frame, not a server error: %s", input)
                                .isIn(PROTOCOL_CLOSES);
                    }
                    return;
                }
                assertThat(frame.opcode()).as("%s", input).isEqualTo(RawWebSocket.TEXT);
                JsonNode answer = PLAIN.readTree(frame.payload());
                assertThat(answer.path("error").path("code").asText()).as("%s -> %s", input, answer).isIn(CLIENT_ERRORS);
                if (answer.path("stream_id").asText().equals(probe)) {
                    return; // the socket survived the frame and still serves
                }
            }
        }
    }

    // --- text frames ----------------------------------------------------------------------------

    /** A text frame's bytes (always valid UTF-8) and whether it is anything but a request or a cancel. */
    record TextInput(byte[] bytes, boolean malformed) {
        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return (text.length() > 300 ? text.substring(0, 300) + "...(" + bytes.length + " bytes)" : text)
                    + (malformed ? " (malformed)" : "");
        }
    }

    /** One member (null json: absent) and whether it alone makes the frame malformed. */
    record Part(String json, boolean malformed) {
    }

    @Provide
    Arbitrary<TextInput> textFrames() {
        Arbitrary<TextInput> frames = frameParts().map(WebSocketFramesFuzzTest::assemble);
        Arbitrary<TextInput> truncated = Combinators.combine(frames, Arbitraries.integers().between(0, 999))
                .as((f, permille) -> new TextInput(FuzzInputs.truncate(f.bytes(), permille), true))
                .filter(t -> t.bytes().length == 0 || t.bytes()[t.bytes().length - 1] >= 0); // cut after ASCII: still valid UTF-8
        Arbitrary<TextInput> trailing = Combinators.combine(frames, Arbitraries.of("{}", "x", ",", "]", "[1]", "2", "\"s\""))
                .as((f, tail) -> new TextInput(FuzzInputs.concat(f.bytes(), tail.getBytes(StandardCharsets.UTF_8)), true));
        Arbitrary<TextInput> batches = frames.list().ofMaxSize(3).map(list -> {
            List<String> texts = new ArrayList<>();
            list.forEach(f -> texts.add(new String(f.bytes(), StandardCharsets.UTF_8)));
            return new TextInput(("[" + String.join(",", texts) + "]").getBytes(StandardCharsets.UTF_8), true);
        });
        Arbitrary<TextInput> scalars = Arbitraries.of("null", "true", "1", "-0", "1e999999999", "\"request\"", "", " ", "{", "}")
                .map(s -> new TextInput(s.getBytes(StandardCharsets.UTF_8), true));
        Arbitrary<TextInput> noise = Arbitraries.strings().ofMaxLength(40)
                .filter(s -> !s.contains("\"kind\"")) // noise cannot be a request frame by accident
                .map(s -> new TextInput(s.getBytes(StandardCharsets.UTF_8), true));
        Arbitrary<TextInput> deep = Arbitraries.integers().between(300, 3000)
                .map(n -> new TextInput(("{\"kind\":\"request\",\"capability\":\"fuzz.tools.echo\",\"payload\":{\"d\":"
                        + "[".repeat(n) + "]".repeat(n) + "}}").getBytes(StandardCharsets.UTF_8), true));
        return Arbitraries.frequencyOf(weighted(50, frames), weighted(12, truncated), weighted(10, trailing), weighted(8, batches),
                weighted(5, scalars), weighted(10, noise), weighted(5, deep));
    }

    private static <T> Tuple.Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    private Arbitrary<List<Part>> frameParts() {
        Arbitrary<Part> kind = Arbitraries.frequencyOf(
                weighted(6, Arbitraries.of("\"request\"", "\"REQUEST\"", "\"Request\"").map(j -> new Part(j, false))),
                weighted(2, Arbitraries.just(new Part("\"control\"", false))),
                weighted(2, Arbitraries.of("\"response\"", "\"event\"", "\"error\"", "\"bogus\"", "\"\"", "5", "null", "true",
                        "{}", "[\"request\"]").map(j -> new Part(j, true))),
                weighted(1, Arbitraries.just(new Part(null, true))));
        Arbitrary<Part> streamId = Arbitraries.frequencyOf(
                weighted(3, Arbitraries.just(new Part(null, false))),
                weighted(3, Arbitraries.strings().ofMaxLength(16).map(s -> new Part(quote(s), false))),
                weighted(1, Arbitraries.of("7", "null", "\"\"").map(j -> new Part(j, false))));
        Arbitrary<Part> capability = Arbitraries.frequencyOf(
                weighted(5, Arbitraries.just(new Part("\"fuzz.tools.echo\"", false))),
                weighted(2, Arbitraries.of("\"nope.tools.x\"", "\"bad cap*\"", "\"a..b\"", "\"\"", "7", "null", "\"x\"")
                        .map(j -> new Part(j, false))),
                weighted(1, Arbitraries.just(new Part(null, false))));
        Arbitrary<Part> payload = Arbitraries.frequencyOf(
                weighted(4, Arbitraries.of("{}", "{\"text\":\"hi\",\"n\":0.1000000000000000000001}", "{\"n\":1e999999999}",
                        "{\"n\":123456789012345678901234567890}", "{\"s\":\"\\ud83d\\ude00\\u0000\"}")
                        .map(j -> new Part(j, false))),
                weighted(2, Arbitraries.of("{\"action\":\"cancel\"}", "{\"action\":\"cancel\",\"target_message_id\":\"m-1\"}",
                        "{\"action\":\"cancel\",\"reason\":7}", "{\"action\":\"CANCEL\"}").map(j -> new Part(j, false))),
                weighted(1, Arbitraries.just(new Part(null, false))),
                weighted(1, Arbitraries.of("[]", "\"x\"", "7", "true").map(j -> new Part(j, true))));
        Arbitrary<Part> header = Arbitraries.frequencyOf(
                weighted(4, Arbitraries.just(new Part(null, false))),
                weighted(3, Arbitraries.of("{}", "{\"tenant_id\":\"acme\"}", "{\"tenant_id\":\"globex\"}", "{\"tenant_id\":\"bad tenant\"}",
                        "{\"deadline_ms\":1}", "{\"deadline_ms\":-1}", "{\"message_id\":\"m-1\"}", "{\"idempotency_key\":\"k\"}", "{\"mig_version\":\"9.9\"}")
                        .map(j -> new Part(j, false))),
                weighted(1, Arbitraries.of("{\"deadline_ms\":\"soon\"}", "{\"deadline_ms\":1.5}",
                        "{\"deadline_ms\":99999999999999999999}", "[]", "\"h\"", "{\"meta\":[]}").map(j -> new Part(j, true))));
        Arbitrary<Part> extra = Arbitraries.frequencyOf(
                weighted(6, Arbitraries.just(new Part(null, false))),
                weighted(1, Arbitraries.of("\"stream_preference\":\"server_stream\"", "\"stream_preference\":\"unary\"",
                        "\"end_stream\":true", "\"end_stream\":false", "\"error\":{\"code\":\"MIG_INTERNAL\"}")
                        .map(j -> new Part(j, false))),
                weighted(1, Arbitraries.of("\"stream_preference\":\"sideways\"", "\"stream_preference\":7", "\"stream_preference\":{}",
                        "\"end_stream\":\"maybe\"", "\"end_stream\":[]").map(j -> new Part(j, true))));
        return Combinators.combine(kind, streamId, capability, payload, header, extra).as(List::of);
    }

    private static TextInput assemble(List<Part> parts) {
        String[] names = {"kind", "stream_id", "capability", "payload", "header", null};
        List<String> members = new ArrayList<>();
        boolean malformed = false;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            malformed |= part.malformed();
            if (part.json() != null) {
                members.add(names[i] == null ? part.json() : quote(names[i]) + ":" + part.json());
            }
        }
        boolean control = "\"control\"".equals(parts.get(0).json());
        String payload = parts.get(3).json();
        if (control && (payload == null || !payload.contains("\"action\":\"cancel\""))) {
            malformed = true; // a control frame other than a cancel is not something a client may send
        }
        return new TextInput(("{" + String.join(",", members) + "}").getBytes(StandardCharsets.UTF_8), malformed);
    }

    // --- raw frames -----------------------------------------------------------------------------

    /** One frame: its first byte (FIN, RSV1-3, opcode) and payload. */
    record RawInput(int firstByte, byte[] payload) {
        @Override
        public String toString() {
            return String.format("frame 0x%02x with %d bytes %s", firstByte, payload.length,
                    Arrays.toString(Arrays.copyOf(payload, Math.min(payload.length, 40))));
        }
    }

    @Provide
    Arbitrary<RawInput> rawFrames() {
        Arbitrary<Integer> firstByte = Arbitraries.frequencyOf(
                weighted(5, Arbitraries.just(0x80 | RawWebSocket.TEXT)),
                weighted(2, Arbitraries.just(0x80 | RawWebSocket.BINARY)),
                weighted(2, Arbitraries.of(0x80 | 0x3, 0x80 | 0x7, 0x80 | 0xB, 0x80 | 0xF, 0x00, 0x80, 0x01, 0xC1, 0xA1, 0x91,
                        0x80 | RawWebSocket.CLOSE, 0x80 | RawWebSocket.PING, 0x80 | RawWebSocket.PONG)),
                weighted(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<byte[]> invalidUtf8 = Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0x80})
                .flatMap(bad -> Arbitraries.strings().ascii().ofMaxLength(20).map(s -> FuzzInputs.concat(FuzzInputs.concat(
                        ("{\"kind\":\"request\",\"capability\":\"" + s).getBytes(StandardCharsets.UTF_8), bad), "\"}".getBytes(StandardCharsets.UTF_8))));
        Arbitrary<byte[]> payload = Arbitraries.frequencyOf(
                weighted(4, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                weighted(4, invalidUtf8),
                weighted(1, Arbitraries.integers().between(126, 70_000).map(n -> new byte[n])));
        return Combinators.combine(firstByte, payload).as(RawInput::new);
    }

    private static String quote(String s) {
        try {
            return PLAIN.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
