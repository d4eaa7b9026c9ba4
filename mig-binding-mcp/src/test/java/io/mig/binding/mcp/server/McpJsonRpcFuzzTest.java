package io.mig.binding.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mig.binding.http.HttpBinding;
import io.mig.binding.http.HttpOptions;
import io.mig.core.testing.FuzzInputs;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of the MCP server's JSON-RPC decoder (issue 11, item 3): bodies POSTed to
 * a real {@code /mcp} endpoint on a real HTTP listener, {@code jqwik.tries.default} of them (short in
 * the test command, 100,000 in {@code bench/fuzz}). The generator builds JSON-RPC messages from
 * parts that are each valid or carry one known flaw (an id of the wrong type, {@code jsonrpc} not
 * "2.0", a method that is no string, params that are no object, nesting past the limit, a number no
 * exact type holds, duplicate members), then sometimes damages the bytes (truncation, invalid UTF-8,
 * trailing bytes, a batch around it) or sends raw noise. Every answer is checked against what the
 * MCP revisions served here and JSON-RPC 2.0 require: never a 5xx and never a hang; a body is one
 * JSON-RPC response whose error code is one of the specified ones; -32700 (id null) for anything
 * that is not exactly one JSON value, -32600 for a batch or a message that is no valid request
 * (id null when the id is not a string or integer), -32602 for params that are not an object, and
 * a valid request id echoed unchanged.
 */
class McpJsonRpcFuzzTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    /** The codes a protocol error may carry here; -32603 would mean the server failed. */
    private static final Set<Integer> SPECIFIED_CODES = Set.of(JsonRpc.PARSE_ERROR, JsonRpc.INVALID_REQUEST,
            JsonRpc.METHOD_NOT_FOUND, JsonRpc.INVALID_PARAMS, JsonRpc.HEADER_MISMATCH, JsonRpc.UNSUPPORTED_PROTOCOL_VERSION);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private static HttpBinding http;
    private static HttpClient client;
    private static String session;

    @BeforeContainer
    static void startServer() throws Exception {
        http = HttpBinding.builder(FuzzInputs.echoGateway())
                .options(HttpOptions.defaults().withHost("127.0.0.1").withPort(0).withMaxBodyBytes(MAX_BODY_BYTES))
                .extension(McpServer.create(McpOptions.defaults(), uri -> Optional.empty(), "fuzz"))
                .build();
        http.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<byte[]> initialized = post(new Post("/mcp", utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-06-18\"}}"), Map.of("X-Tenant-ID", "acme"), Expect.ANSWERED, null));
        session = initialized.headers().firstValue(Protocol.SESSION_HEADER).orElseThrow(() -> new IllegalStateException(
                "initialize gave no session: " + initialized.statusCode() + " " + new String(initialized.body(), StandardCharsets.UTF_8)));
    }

    @AfterContainer
    static void stopServer() {
        if (http != null) {
            http.stop(Duration.ZERO);
        }
    }

    @Property
    void everyBodyGetsTheSpecifiedJsonRpcAnswer(@ForAll("posts") Post post) throws Exception {
        checkAnswer(post, post(post));
    }

    /** A request id of the wrong type cannot be echoed: JSON-RPC 2.0 §5 answers such a request with id null. */
    @Example
    void anObjectIdIsAnsweredWithIdNull() throws Exception {
        Post post = new Post("/mcp", utf8("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}"), Map.of(),
                Expect.BAD_ID, null);
        checkAnswer(post, post(post));
    }

    /** {@code initialize} without params (so without protocolVersion) was a NullPointerException and a 500. */
    @Example
    void initializeWithoutParamsIsAnswered() throws Exception {
        Post post = new Post("/mcp", utf8("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\"}"),
                Map.of("X-Tenant-ID", "acme"), Expect.ANSWERED, "0");
        HttpResponse<byte[]> response = post(post);
        checkAnswer(post, response);
        assertThat(PLAIN.readTree(response.body()).path("result").path("protocolVersion").asText())
                .as("the newest legacy version, as for a version not served").isEqualTo(Protocol.LEGACY.get(0));
    }

    /** {@code "jsonrpc": 2.0} (a number) was served as if it were the string "2.0". */
    @Example
    void aNumericJsonRpcVersionIsAnInvalidRequest() throws Exception {
        Post post = new Post("/mcp", utf8("{\"jsonrpc\":2.0,\"id\":0,\"method\":\"initialize\"}"),
                Map.of("X-Tenant-ID", "acme"), Expect.INVALID_REQUEST, "0");
        checkAnswer(post, post(post));
    }

    private static HttpResponse<byte[]> post(Post post) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + post.path()))
                .timeout(Duration.ofSeconds(10)) // the hang bound: no answer in time fails the input
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(post.body()));
        post.headers().forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void checkAnswer(Post post, HttpResponse<byte[]> response) throws Exception {
        int status = response.statusCode();
        String shown = post + " -> " + status + " " + new String(response.body(), StandardCharsets.UTF_8);
        assertThat(status).as("never a server failure: %s", shown).isLessThan(500);
        if (status == 202) {
            assertThat(post.expect()).as("only a notification or a response is accepted without answer: %s", shown)
                    .isIn(Expect.ANSWERED, Expect.ACCEPTED);
            assertThat(response.body()).as(shown).isEmpty();
            return;
        }
        JsonNode answer = PLAIN.readTree(response.body());
        assertThat(answer.isObject()).as("one JSON-RPC response object: %s", shown).isTrue();
        assertThat(answer.path("jsonrpc").asText()).as(shown).isEqualTo("2.0");
        assertThat(answer.has("id")).as("a response always has an id: %s", shown).isTrue();
        assertThat(answer.has("result") != answer.has("error")).as("result or error, not both: %s", shown).isTrue();
        JsonNode id = answer.get("id");
        assertThat(id.isNull() || id.isTextual() || id.isIntegralNumber()).as("an id is null, a string or an integer: %s", shown)
                .isTrue();
        if (answer.has("error")) {
            JsonNode error = answer.get("error");
            assertThat(error.path("code").isInt() && SPECIFIED_CODES.contains(error.path("code").asInt()))
                    .as("a specified error code: %s", shown).isTrue();
            assertThat(error.path("message").isTextual()).as(shown).isTrue();
        }
        if (post.expect().code != null) {
            assertThat(answer.path("error").path("code").asInt()).as("the specified error: %s", shown).isEqualTo(post.expect().code);
            if (post.expect().status > 0) {
                assertThat(status).as(shown).isEqualTo(post.expect().status);
            }
        }
        if (post.expect().idUnreadable) {
            assertThat(id.isNull()).as("id null when the request's id cannot be read: %s", shown).isTrue();
        } else if (post.id() != null) {
            assertThat(id).as("the request id, echoed unchanged: %s", shown).isEqualTo(PLAIN.readTree(post.id()));
        }
    }

    // --- generators -----------------------------------------------------------------------------

    @Provide
    Arbitrary<Post> posts() {
        Arbitrary<Post> messages = Combinators.combine(messagesAsParts(), headers(), paths()).as(McpJsonRpcFuzzTest::assemble);
        Arbitrary<Post> damaged = Combinators.combine(messages, damage()).as((post, d) -> d.apply(post));
        Arbitrary<Post> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(200)
                .map(bytes -> new Post("/mcp", bytes, Map.of(), Expect.ANSWERED, null));
        Arbitrary<Post> batches = messages.list().ofMaxSize(3).map(McpJsonRpcFuzzTest::batch);
        Arbitrary<Post> tooLarge = Arbitraries.integers().between(MAX_BODY_BYTES + 1, MAX_BODY_BYTES + 4096)
                .map(n -> new Post("/mcp", utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
                        + "x".repeat(n) + "\"}}"), Map.of(), Expect.TOO_LARGE, null));
        return Arbitraries.frequencyOf(weighted(45, messages), weighted(35, damaged), weighted(8, noise), weighted(10, batches),
                weighted(1, tooLarge));
    }

    private static <T> Tuple.Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    /** One member's JSON text (null: the member is absent) and the flaw it brings, if any. */
    record Part(String json, Flaw flaw) {
        static Part ok(String json) {
            return new Part(json, Flaw.NONE);
        }
    }

    enum Flaw { NONE, UNPARSABLE, BAD_ID, BAD_VERSION, NO_METHOD, BAD_METHOD, BAD_PARAMS, DUPLICATE, RESPONSE }

    /** The members jsonrpc, id, method, params and an optional extra member, in that order. */
    private Arbitrary<List<Part>> messagesAsParts() {
        Arbitrary<Part> version = Arbitraries.frequencyOf(
                weighted(8, Arbitraries.just(Part.ok("\"2.0\""))),
                weighted(1, Arbitraries.of("\"1.0\"", "2.0", "null", "\"2.0 \"", "[\"2.0\"]").map(j -> new Part(j, Flaw.BAD_VERSION))),
                weighted(1, Arbitraries.just(new Part(null, Flaw.BAD_VERSION))));
        Arbitrary<Part> id = Arbitraries.frequencyOf(
                weighted(4, Arbitraries.longs().map(n -> Part.ok(Long.toString(n)))),
                weighted(3, jsonStrings().map(Part::ok)),
                weighted(2, Arbitraries.of("0", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                        "123456789012345678901234567890").map(Part::ok)),
                weighted(2, Arbitraries.of("1.5", "1.0", "1e2", "-0.0", "1e999999999", "0.1000000000000000000001", "true",
                        "null", "{}", "{\"a\":1}", "[]", "[1]").map(j -> new Part(j, Flaw.BAD_ID))),
                weighted(1, Arbitraries.of("1e99999999999999999999", "-2e-99999999999999999999").map(j -> new Part(j, Flaw.UNPARSABLE))),
                weighted(2, Arbitraries.just(Part.ok(null)))); // a notification
        Arbitrary<Part> method = Arbitraries.frequencyOf(
                weighted(8, Arbitraries.of("initialize", "ping", "tools/list", "tools/call", "server/discover",
                        "notifications/initialized", "notifications/cancelled", "resources/list", "")
                        .map(m -> Part.ok(quote(m)))),
                weighted(2, jsonStrings().map(Part::ok)),
                weighted(1, Arbitraries.of("5", "null", "true", "{}", "[\"ping\"]").map(j -> new Part(j, Flaw.BAD_METHOD))),
                weighted(1, Arbitraries.just(new Part(null, Flaw.NO_METHOD))));
        Arbitrary<Part> params = Arbitraries.frequencyOf(
                weighted(2, Arbitraries.just(Part.ok(null))),
                weighted(1, Arbitraries.just(Part.ok("null"))),
                weighted(8, paramObjects().map(Part::ok)),
                weighted(1, Arbitraries.of("[]", "[1,2]", "\"x\"", "7", "true").map(j -> new Part(j, Flaw.BAD_PARAMS))),
                weighted(2, Arbitraries.integers().between(1, 2000).filter(n -> n < 200 || n > 300)
                        .map(n -> new Part("{\"deep\":" + "[".repeat(n) + "]".repeat(n) + "}", n > 300 ? Flaw.UNPARSABLE : Flaw.NONE))));
        Arbitrary<Part> extra = Arbitraries.frequencyOf(
                weighted(8, Arbitraries.just(Part.ok(null))),
                weighted(1, Arbitraries.of("\"method\":\"ping\"", "\"id\":\"again\"", "\"jsonrpc\":\"1.0\"", "\"params\":{}")
                        .map(j -> new Part(j, Flaw.DUPLICATE))),
                weighted(1, Arbitraries.of("\"result\":{}", "\"error\":{\"code\":1,\"message\":\"x\"}").map(j -> new Part(j, Flaw.RESPONSE))));
        return Combinators.combine(version, id, method, params, extra).as(List::of);
    }

    private Arbitrary<String> paramObjects() {
        Arbitrary<String> meta = Arbitraries.of("", "\"_meta\":{\"" + Protocol.META_PROTOCOL_VERSION + "\":\"" + Protocol.MODERN + "\"}",
                "\"_meta\":{\"" + Protocol.META_PROTOCOL_VERSION + "\":\"2025-06-18\",\"progressToken\":7}",
                "\"_meta\":{\"progressToken\":{}}", "\"_meta\":[]", "\"_meta\":{\"io.mig/deadline_ms\":-1}");
        Arbitrary<String> name = Arbitraries.of("", "\"name\":\"" + FuzzInputs.ECHO + "\"", "\"name\":\"tools.echo\"", "\"name\":\"nope\"",
                "\"name\":7", "\"name\":null");
        Arbitrary<String> arguments = Arbitraries.oneOf(Arbitraries.of("", "\"arguments\":[]", "\"arguments\":\"x\"",
                "\"arguments\":{\"n\":1e999999999}", "\"arguments\":{\"n\":0.1000000000000000000001}"),
                jsonStrings().map(s -> "\"arguments\":{\"text\":" + s + "}"));
        Arbitrary<String> other = Arbitraries.of("", "\"cursor\":\"bad\"", "\"cursor\":5", "\"requestId\":1", "\"requestId\":{}",
                "\"protocolVersion\":\"2025-03-26\"", "\"protocolVersion\":7", "\"reason\":\"" + "r".repeat(2000) + "\"");
        return Combinators.combine(meta, name, arguments, other).as((a, b, c, d) -> {
            List<String> members = new ArrayList<>();
            for (String m : List.of(a, b, c, d)) {
                if (!m.isEmpty()) {
                    members.add(m);
                }
            }
            return "{" + String.join(",", members) + "}";
        });
    }

    /** JSON string literals: plain, escaped, with control characters, surrogates, long. */
    private static Arbitrary<String> jsonStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(McpJsonRpcFuzzTest::quote),
                Arbitraries.of("\"\\u0000\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\\\\"", "\"a\\\"b\"", "\"\\/\""),
                Arbitraries.integers().between(1000, 5_000).map(n -> quote("s".repeat(n))));
    }

    private Arbitrary<Map<String, String>> headers() {
        Arbitrary<Optional<String>> version = Arbitraries.of(Optional.empty(), Optional.of(Protocol.MODERN),
                Optional.of("2025-06-18"), Optional.of("1999-01-01"), Optional.of("x"));
        Arbitrary<Optional<String>> method = Arbitraries.of(Optional.empty(), Optional.of("ping"), Optional.of("tools/call"),
                Optional.of("tools/list"), Optional.of("=?base64?cGluZw==?="));
        Arbitrary<Optional<String>> name = Arbitraries.of(Optional.empty(), Optional.of("fuzz.tools.echo"),
                Optional.of("=?base64?!!!?="), Optional.of("=?base64?dG9vbHMuZWNobw==?="));
        Arbitrary<Optional<String>> sessionId = Arbitraries.of(Optional.empty(), Optional.of("valid"), Optional.of("forged"));
        Arbitrary<Optional<String>> tenant = Arbitraries.frequency(Tuple.of(8, Optional.of("acme")), Tuple.of(1, Optional.empty()),
                Tuple.of(1, Optional.of("bad tenant*")));
        return Combinators.combine(version, method, name, sessionId, tenant).as((v, m, n, s, t) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            v.ifPresent(value -> headers.put(Protocol.VERSION_HEADER, value));
            m.ifPresent(value -> headers.put(Protocol.METHOD_HEADER, value));
            n.ifPresent(value -> headers.put(Protocol.NAME_HEADER, value));
            s.ifPresent(value -> headers.put(Protocol.SESSION_HEADER, value.equals("valid") ? "$session" : "forged-" + value));
            t.ifPresent(value -> headers.put("X-Tenant-ID", value));
            return headers;
        });
    }

    /** The endpoint, and sometimes an Origin: a refused Origin or an unknown namespace decides before the body. */
    private Arbitrary<String[]> paths() {
        return Arbitraries.frequencyOf(
                weighted(8, Arbitraries.of(new String[] {"/mcp", null}, new String[] {"/mcp/fuzz", null},
                        new String[] {"/mcp", "http://localhost:3000"})),
                weighted(1, Arbitraries.of(new String[] {"/mcp", "https://evil.example"},
                        new String[] {"/mcp/no..pe", null})));
    }

    private static Post assemble(List<Part> parts, Map<String, String> headers, String[] path) {
        String[] names = {"jsonrpc", "id", "method", "params", null};
        List<String> members = new ArrayList<>();
        Set<Flaw> flaws = new java.util.HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            flaws.add(part.flaw());
            if (part.json() != null) {
                members.add(names[i] == null ? part.json() : quote(names[i]) + ":" + part.json());
            }
        }
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.computeIfPresent(Protocol.SESSION_HEADER, (k, v) -> v.equals("$session") ? session : v);
        if (path[1] != null) {
            sent.put("Origin", path[1]);
        }
        String id = parts.get(1).flaw() == Flaw.NONE && !flaws.contains(Flaw.DUPLICATE) ? parts.get(1).json() : null;
        return new Post(path[0], utf8("{" + String.join(",", members) + "}"), sent, expect(flaws, path), id,
                !flaws.contains(Flaw.UNPARSABLE));
    }

    /** What the server must answer, from the first check that the message fails (the server's order). */
    private static Expect expect(Set<Flaw> flaws, String[] path) {
        if ("https://evil.example".equals(path[1])) {
            return Expect.ORIGIN_REFUSED;
        }
        if (path[0].contains("..")) {
            return Expect.NO_ENDPOINT;
        }
        if (flaws.contains(Flaw.UNPARSABLE)) {
            return Expect.PARSE_ERROR;
        }
        if (flaws.contains(Flaw.DUPLICATE)) {
            return Expect.ANSWERED; // which duplicate counts is the parser's choice; only the general rules apply
        }
        if (flaws.contains(Flaw.BAD_ID)) {
            return Expect.BAD_ID;
        }
        if (flaws.contains(Flaw.BAD_VERSION)) {
            return Expect.INVALID_REQUEST;
        }
        if (flaws.contains(Flaw.NO_METHOD)) {
            return flaws.contains(Flaw.RESPONSE) ? Expect.ACCEPTED : Expect.INVALID_REQUEST;
        }
        if (flaws.contains(Flaw.BAD_METHOD)) {
            return Expect.INVALID_REQUEST;
        }
        if (flaws.contains(Flaw.BAD_PARAMS)) {
            return Expect.INVALID_PARAMS;
        }
        return Expect.ANSWERED;
    }

    /** Damage to the bytes of a message that makes it something other than one JSON value. */
    private Arbitrary<java.util.function.UnaryOperator<Post>> damage() {
        Arbitrary<java.util.function.UnaryOperator<Post>> truncate = Arbitraries.integers().between(0, 999)
                .map(permille -> post -> post.withBody(FuzzInputs.truncate(post.body(), permille)));
        Arbitrary<java.util.function.UnaryOperator<Post>> invalidUtf8 = Combinators.combine(Arbitraries.integers().between(0, 1000),
                Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe}, new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xc3, '"'}, new byte[] {(byte) 0xbf, (byte) 0xbf}))
                .as((permille, bad) -> post -> post.withBody(FuzzInputs.insert(post.body(), post.body().length * permille / 1000, bad)));
        Arbitrary<java.util.function.UnaryOperator<Post>> trailing = Arbitraries.of("{}", "x", ",", "]", "}", "\u0000", "[1]", "2")
                .map(t -> post -> post.withBody(FuzzInputs.insert(post.body(), post.body().length, utf8(t))));
        return Arbitraries.oneOf(truncate, invalidUtf8, trailing);
    }

    private static Post batch(List<Post> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(messages.get(i).body());
        }
        out.write(']');
        boolean parsable = messages.stream().allMatch(Post::parses);
        return new Post("/mcp", out.toByteArray(), Map.of(), parsable ? Expect.NOT_AN_OBJECT : Expect.PARSE_ERROR, null);
    }

    private static String quote(String s) {
        try {
            return PLAIN.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What the server must answer: a JSON-RPC error code (null: any specified answer), its HTTP status, whether id is null. */
    enum Expect {
        ANSWERED(null, 0, false),
        ACCEPTED(null, 0, false),
        PARSE_ERROR(JsonRpc.PARSE_ERROR, 400, true),
        NOT_AN_OBJECT(JsonRpc.INVALID_REQUEST, 400, true),
        BAD_ID(JsonRpc.INVALID_REQUEST, 400, true),
        INVALID_REQUEST(JsonRpc.INVALID_REQUEST, 400, false),
        INVALID_PARAMS(JsonRpc.INVALID_PARAMS, 0, false),
        TOO_LARGE(JsonRpc.INVALID_REQUEST, 413, true),
        ORIGIN_REFUSED(JsonRpc.INVALID_REQUEST, 403, true),
        NO_ENDPOINT(JsonRpc.INVALID_REQUEST, 404, true);

        final Integer code;
        final int status;
        final boolean idUnreadable;

        Expect(Integer code, int status, boolean idUnreadable) {
            this.code = code;
            this.status = status;
            this.idUnreadable = idUnreadable;
        }
    }

    /**
     * One POST: the endpoint path, the bytes, the headers, what must come back, the request id as
     * JSON text when the message has a valid one, and whether the bytes are one JSON value.
     */
    record Post(String path, byte[] body, Map<String, String> headers, Expect expect, String id, boolean parses) {
        Post(String path, byte[] body, Map<String, String> headers, Expect expect, String id) {
            this(path, body, headers, expect, id, expect != Expect.PARSE_ERROR);
        }

        /** Damaged bytes are no JSON value any more: a parse error, whatever the message was. */
        Post withBody(byte[] damaged) {
            boolean decidedBeforeTheBody = expect == Expect.ORIGIN_REFUSED || expect == Expect.NO_ENDPOINT;
            return new Post(path, damaged, headers, decidedBeforeTheBody ? expect : Expect.PARSE_ERROR, null, false);
        }

        @Override
        public String toString() {
            return "POST " + path + " " + headers + " " + FuzzInputs.printable(body, 300) + " expecting " + expect;
        }
    }

}
