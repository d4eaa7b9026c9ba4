package io.mig.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamPreference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link MigJson#decodeEnvelope} reads an INVOKE of the common shape from the bytes in one pass
 * ({@link InvokeRequestReader}). The reference is the tree path every binding took before: parse
 * ({@link MigJson#readObject}), fill the transport's traceparent into the tree, bind
 * ({@link MigJson#convert}), and on a refusal bind the header alone. For every generated body, valid
 * or broken, both must give the same request and the same header to echo, or the same MIG error
 * (code, message, details).
 */
class DecodeEnvelopeTest {
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Example
    void theBodyOfTheUserGuideIsReadInOnePass() {
        byte[] body = "{\"header\":{\"tenant_id\":\"acme\",\"deadline_ms\":5000},\"capability\":\"demo.echo\",\"payload\":{\"input\":\"hi\"}}"
                .getBytes(StandardCharsets.UTF_8);
        InvokeRequest request = InvokeRequestReader.read(MigJson.mapper(), body);
        assertThat(request).isNotNull();
        assertThat(request.header().tenantId()).isEqualTo("acme");
        assertThat(request.header().deadlineMs()).isEqualTo(5000L);
        assertThat(request.capability()).isEqualTo("demo.echo");
        assertThat(request.payload().path("input").asText()).isEqualTo("hi");
    }

    @Example
    void theTransportsTraceparentStandsInForAMissingOne() {
        List<MessageHeader> seen = new ArrayList<>();
        InvokeRequest request = MigJson.decodeEnvelope("{\"payload\":{}}".getBytes(StandardCharsets.UTF_8), InvokeRequest.class,
                TRACEPARENT, seen::add);
        assertThat(request.header().traceparent()).isEqualTo(TRACEPARENT);
        assertThat(seen).containsExactly(request.header());
    }

    @Example
    void aRefusedEnvelopeStillGivesItsHeader() {
        List<MessageHeader> seen = new ArrayList<>();
        byte[] body = "{\"header\":{\"message_id\":\"m-1\"},\"payload\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MigJson.decodeEnvelope(body, InvokeRequest.class, null, seen::add))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.getMessage()).isEqualTo("field 'payload' must be a JSON object"));
        assertThat(seen).extracting(MessageHeader::messageId).containsExactly("m-1");
    }

    @Property(tries = 2000) // no I/O: cheap, and some shapes are rare among the combinations
    void bothPathsGiveTheSameRequestOrTheSameError(@ForAll("bodies") String json, @ForAll("traceparents") String traceparent) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Outcome expected = Outcome.of(() -> treePath(body, traceparent));
        Outcome actual = Outcome.of(() -> {
            List<MessageHeader> seen = new ArrayList<>();
            try {
                return new Decoded(MigJson.decodeEnvelope(body, InvokeRequest.class, traceparent, seen::add), seen);
            } catch (MigException e) {
                throw new Refused(e, seen);
            }
        });
        Statistics.label("path").collect(InvokeRequestReader.read(MigJson.mapper(), body) != null ? "one pass"
                : expected.error == null ? "tree" : "refused");
        assertThat(actual).as(json).isEqualTo(expected);
    }

    @Property(tries = 500)
    void decodeIsTheTreePathWithoutATransport(@ForAll("bodies") String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Outcome expected = Outcome.of(() -> new Decoded(MigJson.convert(MigJson.readObject(body), InvokeRequest.class), List.of()));
        assertThat(Outcome.of(() -> new Decoded(MigJson.decode(body, InvokeRequest.class), List.of()))).as(json).isEqualTo(expected);
    }

    /** The decoding every binding did before the one-pass reader (HTTP's {@code Exchange.envelope}). */
    private static Decoded treePath(byte[] bytes, String traceparent) {
        List<MessageHeader> seen = new ArrayList<>();
        ObjectNode body = MigJson.readObject(bytes);
        if (traceparent != null && !traceparent.isEmpty()) {
            JsonNode header = body.get("header");
            if (header == null || header.isNull()) {
                body.putObject("header").put("traceparent", traceparent);
            } else if (header instanceof ObjectNode fields && fields.path("traceparent").asText("").isEmpty()) {
                fields.put("traceparent", traceparent);
            }
        }
        InvokeRequest request;
        try {
            request = MigJson.convert(body, InvokeRequest.class);
        } catch (MigException e) {
            JsonNode header = body.get("header");
            if (header != null && header.isObject()) {
                try {
                    seen.add(MigJson.convert(header, MessageHeader.class));
                } catch (MigException ignored) {
                    // not echoed
                }
            }
            throw new Refused(e, seen);
        }
        if (request.header() != null) {
            seen.add(request.header());
        }
        return new Decoded(request, seen);
    }

    record Decoded(InvokeRequest request, List<MessageHeader> seen) {
    }

    /** A refusal, with the headers given before it. */
    static final class Refused extends RuntimeException {
        final transient MigException error;
        final transient List<MessageHeader> seen;

        Refused(MigException error, List<MessageHeader> seen) {
            super(error);
            this.error = error;
            this.seen = seen;
        }
    }

    /** What a decode came to: the request, or the error as a client sees it. */
    record Outcome(Decoded decoded, String error, List<MessageHeader> seenBeforeError) {
        static Outcome of(java.util.function.Supplier<Decoded> decode) {
            try {
                return new Outcome(decode.get(), null, List.of());
            } catch (Refused e) {
                return new Outcome(null, describe(e.error), e.seen);
            } catch (MigException e) {
                return new Outcome(null, describe(e), List.of());
            }
        }

        private static String describe(MigException e) {
            return e.code() + " " + e.getMessage() + " " + e.details();
        }
    }

    @Provide
    Arbitrary<String> traceparents() {
        return Arbitraries.of(null, "", TRACEPARENT);
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> anyValue = Arbitraries.of("\"acme\"", "\"\"", "\"0.1\"", "\"x\\u00e9\\n\"", "\"\u00e9\uD83D\uDE00\"", "null", "7",
                "-1", "-0", "1.5", "1.50", "9223372036854775807", "9223372036854775808", "1e3", "1e999999999",
                "1e99999999999999999999", "true", "{}", "{\"a\":1}", "{\"a\":1,\"a\":2}", "[]", "[\"x\"]", "\"unary\"", "\"SERVER_STREAM\"",
                "\" bidi_stream \"", "\"sideways\"");
        Arbitrary<String> text = Arbitraries.of("\"acme\"", "\"\"", "\"0.1\"", "\"x\\u00e9\\n\"", "\"msg-1\"", "\"" + TRACEPARENT + "\"");
        // mostly values of the field's own type, sometimes anything: both sides of every check get exercised
        Arbitrary<String> headerField = Combinators.combine(Arbitraries.of("mig_version", "message_id", "timestamp", "tenant_id",
                "session_id", "traceparent", "traceparent", "idempotency_key", "migVersion", "tenantId", "other", "deadline_ms", "meta"),
                Arbitraries.frequencyOf(Tuple.of(4, text), Tuple.of(2, Arbitraries.of("5000", "0", "{}", "{\"k\":\"v\",\"n\":1.0}")),
                        Tuple.of(2, anyValue))).as((name, value) -> "\"" + name + "\":" + value);
        Arbitrary<String> header = headerField.list().ofMaxSize(6).map(fields -> "{" + String.join(",", fields) + "}");
        Arbitrary<String> payload = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of("{}", "{\"input\":\"hi\"}",
                "{\"n\":-0.1000000000000000000001,\"big\":123456789012345678901234567890,\"list\":[1,{\"x\":null}],\"x\":1.50}",
                "{\"a\":1,\"a\":2}", "{\"deep\":{\"er\":{\"est\":[[[]]]}}}", "{\"e\":1e999999999}", "{\"e\":1e99999999999999999999}")),
                Tuple.of(1, anyValue));
        Arbitrary<String> field = Arbitraries.frequencyOf(
                Tuple.of(4, header.map(h -> "\"header\":" + h)),
                Tuple.of(1, anyValue.map(v -> "\"header\":" + v)),
                Tuple.of(4, payload.map(p -> "\"payload\":" + p)),
                Tuple.of(3, Arbitraries.of("\"capability\":\"demo.echo\"", "\"capability\":\"\"", "\"capability\":7")),
                Tuple.of(1, anyValue.map(v -> "\"stream_preference\":" + v)),
                Tuple.of(1, anyValue.map(v -> "\"" + "extra" + "\":" + v)));
        Arbitrary<String> envelope = field.list().ofMaxSize(5).map(fields -> "{" + String.join(",", fields) + "}");
        // and breakage around a valid envelope: trailing tokens, truncation, a value that is not an object
        return Arbitraries.frequencyOf(
                Tuple.of(8, envelope),
                Tuple.of(1, Combinators.combine(envelope, Arbitraries.of("{}", " ", "\n", "x", "]", " null", ",")).as(String::concat)),
                Tuple.of(1, Combinators.combine(envelope, Arbitraries.integers().between(0, 200))
                        .as((e, cut) -> e.substring(0, Math.min(cut, e.length())))),
                Tuple.of(1, Arbitraries.of("", " ", "[]", "null", "\"text\"", "7", "{\"payload\":" + "[".repeat(300) + "]".repeat(300) + "}")));
    }

    @Example
    void everyStreamPreferenceIsReadAsTheTreeReadsIt() {
        for (StreamPreference preference : StreamPreference.values()) {
            byte[] body = ("{\"stream_preference\":\"" + preference.wire() + "\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(InvokeRequestReader.read(MigJson.mapper(), body)).isEqualTo(MigJson.convert(MigJson.readObject(body), InvokeRequest.class));
        }
    }
}
