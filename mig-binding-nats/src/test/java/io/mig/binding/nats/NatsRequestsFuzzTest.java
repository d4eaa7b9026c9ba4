package io.mig.binding.nats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mig.core.testing.FuzzInputs;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Property-based fuzzing of the NATS request decoder (issue 11, item 3; guide §13.2):
 * {@code jqwik.tries.default} requests (short in the test command, 100,000 in {@code bench/fuzz})
 * through a real {@code nats-server} to a real {@link NatsBinding}. The decoder is the binding's own —
 * the subject names operation, tenant and argument, the NATS headers fill the MIG header, the body is
 * an envelope — so it is fuzzed here, beside the core's envelope decoder. Subjects, headers and
 * bodies are each valid or flawed (unknown operations, empty arguments, header values of every kind,
 * truncated or trailing bytes, invalid UTF-8, deep nesting, extreme numbers, oversized bodies).
 * Every request gets exactly one reply within the time bound, and it is a MIG envelope: a success or
 * a MIG error with a client-side code — {@code MIG_INVALID_REQUEST} for a body that is not one JSON
 * object within the size limit, {@code MIG_NOT_FOUND} for an operation that does not exist — and
 * never {@code MIG_INTERNAL}.
 */
class NatsRequestsFuzzTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final Set<String> CLIENT_ERRORS = Set.of("MIG_INVALID_REQUEST", "MIG_NOT_FOUND", "MIG_FORBIDDEN",
            "MIG_UNAUTHORIZED", "MIG_UNSUPPORTED_CAPABILITY", "MIG_VERSION_MISMATCH", "MIG_TIMEOUT", "MIG_RATE_LIMITED",
            "MIG_BACKPRESSURE");
    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** The hang bound of one request: no reply in time fails the input. */
    private static final Duration REPLY_WITHIN = Duration.ofSeconds(10);

    private static EchoBindingOnNats nats;
    private static Connection client;

    @BeforeContainer
    static void start() throws Exception {
        nats = EchoBindingOnNats.start(MAX_BODY_BYTES);
        client = nats.client();
    }

    @AfterContainer
    static void stop() {
        if (nats != null) {
            nats.close();
        }
    }

    @Property
    void everyRequestGetsOneMigEnvelope(@ForAll("requests") Request request) throws Exception {
        Message reply = client.request(NatsMessage.builder().subject(request.subject()).headers(request.headers())
                .data(request.body()).build(), REPLY_WITHIN);
        assertThat(reply).as("a reply within %s: %s", REPLY_WITHIN, request).isNotNull();
        String shown = request + " -> " + new String(reply.getData(), StandardCharsets.UTF_8);
        assertThat(reply.isStatusMessage()).as("a reply from migd, not a NATS status: %s", shown).isFalse();
        JsonNode envelope = PLAIN.readTree(reply.getData());
        assertThat(envelope.isObject() && envelope.path("header").isObject()).as("a MIG envelope: %s", shown).isTrue();
        assertThat(envelope.path("header").path("mig_version").asText()).as(shown).isEqualTo("0.1");
        if (envelope.has("error")) {
            String code = envelope.path("error").path("code").asText();
            assertThat(code).as("a specified client-side error: %s", shown).isIn(CLIENT_ERRORS);
            if (request.expect() != null) {
                assertThat(code).as("the specified error: %s", shown).isEqualTo(request.expect());
            }
        } else {
            assertThat(request.expect()).as("only a well-formed request succeeds: %s", shown).isNull();
        }
    }

    /** One request; {@code expect} is the error code it must get, or null when any specified answer is right. */
    record Request(String subject, Headers headers, byte[] body, String expect) {
        @Override
        public String toString() {
            Map<String, List<String>> shownHeaders = new java.util.TreeMap<>();
            headers.entrySet().forEach(e -> shownHeaders.put(e.getKey(), e.getValue()));
            return subject + " " + shownHeaders + " " + FuzzInputs.printable(body, 300) + (expect == null ? "" : " expecting " + expect);
        }
    }

    /** A body and the error it forces (null: none by itself). */
    record Body(byte[] bytes, String forces) {
    }

    @Provide
    Arbitrary<Request> requests() {
        return Combinators.combine(subjects(), headers(), bodies()).as((subject, headers, body) -> {
            // the body is read before the operation is looked at: a bad body decides first
            String expect = body.forces() != null ? body.forces() : subject.get2();
            return new Request(subject.get1(), headers, body.bytes(), expect);
        });
    }

    private static <T> Tuple.Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    /** A subject and the error its operation forces (MIG_NOT_FOUND for one that does not exist). */
    private Arbitrary<Tuple.Tuple2<String, String>> subjects() {
        Arbitrary<String> tenant = Arbitraries.frequencyOf(weighted(6, Arbitraries.just("acme")),
                weighted(1, Arbitraries.of("globex", "_system", "a-b_c", "x".repeat(300))), weighted(1, token()));
        Arbitrary<Tuple.Tuple2<String, String>> operation = Arbitraries.frequencyOf(
                weighted(6, Arbitraries.of("hello", "discover", "control.heartbeat", "invoke." + FuzzInputs.ECHO, "invoke.nope.x.y",
                        "events.acme.fuzz.done", "events.acme", "control.cancel.m-1", "invoke.bad-*cap", "events.a.-.b")
                        .map(op -> Tuple.of(op, (String) null))),
                weighted(2, Arbitraries.of("control.reboot", "helloo", "invoke", "events", "control.cancel", "control")
                        .map(op -> Tuple.of(op, "MIG_NOT_FOUND"))),
                weighted(1, token().map(t -> Tuple.of("invoke." + t, (String) null))),
                weighted(1, token().filter(t -> !Set.of("hello", "discover").contains(t)).map(t -> Tuple.of(t, "MIG_NOT_FOUND"))));
        return Combinators.combine(tenant, operation).as((t, op) -> Tuple.of(Subjects.PREFIX + t + "." + op.get1(), op.get2()));
    }

    /** One subject token: no dots, spaces or wildcards (NATS itself refuses those on publish). */
    private static Arbitrary<String> token() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12)
                .map(s -> s.replace('.', '_').replace('*', '_').replace('>', '_'));
    }

    private Arbitrary<Headers> headers() {
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("acme", "globex", "bad tenant", "", "0", "-1", "1e9", "99999999999",
                "Bearer x", "Bearer", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "0.1", "true"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30));
        Arbitrary<String> names = Arbitraries.of(NatsHeaders.TENANT, NatsHeaders.MESSAGE_ID, NatsHeaders.SESSION_ID,
                NatsHeaders.TRACEPARENT, NatsHeaders.IDEMPOTENCY_KEY, NatsHeaders.VERSION, NatsHeaders.DEADLINE_MS,
                NatsHeaders.AUTHORIZATION, NatsHeaders.CAPABILITY, "MIG-TENANT-ID", "mig-message-id", "X-Other");
        return Combinators.combine(names, values).as(Tuple::of).list().ofMaxSize(4).map(pairs -> {
            Headers headers = new Headers();
            pairs.forEach(p -> headers.add(p.get1(), p.get2()));
            return headers;
        });
    }

    private Arbitrary<Body> bodies() {
        Arbitrary<String> header = Arbitraries.of("", "\"header\":{}", "\"header\":{\"tenant_id\":\"acme\"}",
                "\"header\":{\"tenant_id\":\"globex\"}", "\"header\":{\"deadline_ms\":1}", "\"header\":{\"deadline_ms\":-1}",
                "\"header\":{\"deadline_ms\":\"soon\"}", "\"header\":{\"idempotency_key\":\"k-1\"}", "\"header\":[]", "\"header\":null",
                "\"header\":{\"mig_version\":\"9.9\"}", "\"header\":{\"meta\":7}",
                "\"header\":{\"session_id\":\"s\u00e9\"}"); // not printable ASCII: no NATS header can carry it
        Arbitrary<String> member = Arbitraries.of("", "\"payload\":{}", "\"payload\":{\"n\":1e999999999}",
                "\"payload\":{\"n\":0.1000000000000000000001}", "\"payload\":[]", "\"payload\":\"x\"", "\"key\":\"k\"", "\"key\":7",
                "\"reason\":\"r\"", "\"interval_ms\":-5", "\"interval_ms\":\"x\"", "\"supported_versions\":[\"0.1\"]",
                "\"supported_versions\":\"0.1\"", "\"query\":\"fuzz\"", "\"capability\":\"other.tools.x\"",
                "\"payload\":{\"s\":\"\\ud800\"}");
        Arbitrary<byte[]> envelopes = Combinators.combine(header, member, member).as((h, a, b) -> {
            String joined = String.join(",", Arrays.stream(new String[] {h, a, b}).filter(s -> !s.isEmpty()).toList());
            return ("{" + joined + "}").getBytes(StandardCharsets.UTF_8);
        });
        Arbitrary<Body> wellFormed = envelopes.map(bytes -> new Body(bytes, null));
        Arbitrary<Body> truncated = Combinators.combine(envelopes, Arbitraries.integers().between(1, 999))
                .as((bytes, permille) -> Arrays.copyOf(bytes, Math.max(1, bytes.length * permille / 1000)))
                .map(bytes -> new Body(bytes, "MIG_INVALID_REQUEST"));
        Arbitrary<Body> trailing = Combinators.combine(envelopes, Arbitraries.of("{}", "x", ",", "]", "1", "\"s\""))
                .as((bytes, tail) -> new Body(FuzzInputs.concat(bytes, tail.getBytes(StandardCharsets.UTF_8)), "MIG_INVALID_REQUEST"));
        Arbitrary<Body> invalidUtf8 = Combinators.combine(envelopes, Arbitraries.integers().between(0, 1000),
                Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}))
                .as((bytes, permille, bad) -> {
                    int at = bytes.length * permille / 1000;
                    return new Body(FuzzInputs.insert(bytes, at, bad), "MIG_INVALID_REQUEST");
                });
        Arbitrary<Body> notAnObject = Arbitraries.of("[]", "[{}]", "null", "1", "\"x\"", " ", "true")
                .map(s -> new Body(s.getBytes(StandardCharsets.UTF_8), "MIG_INVALID_REQUEST"));
        Arbitrary<Body> deep = Arbitraries.integers().between(300, 5000)
                .map(n -> new Body(("{\"payload\":{\"d\":" + "[".repeat(n) + "]".repeat(n) + "}}").getBytes(StandardCharsets.UTF_8),
                        "MIG_INVALID_REQUEST"));
        Arbitrary<Body> tooLarge = Arbitraries.integers().between(MAX_BODY_BYTES + 1, MAX_BODY_BYTES + 4096)
                .map(n -> new Body(("{\"payload\":{\"pad\":\"" + "x".repeat(n) + "\"}}").getBytes(StandardCharsets.UTF_8),
                        "MIG_INVALID_REQUEST"));
        Arbitrary<Body> empty = Arbitraries.just(new Body(new byte[0], null)); // an empty body is an empty envelope
        Arbitrary<Body> noise = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100)
                .filter(bytes -> !new String(bytes, StandardCharsets.ISO_8859_1).contains("{")) // noise cannot be an object by accident
                .map(bytes -> new Body(bytes, "MIG_INVALID_REQUEST"));
        return Arbitraries.frequencyOf(weighted(40, wellFormed), weighted(12, truncated), weighted(8, trailing),
                weighted(8, invalidUtf8), weighted(5, notAnObject), weighted(5, deep), weighted(1, tooLarge), weighted(3, empty),
                weighted(8, noise));
    }
}
