package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §11 over HTTP: every bad input gets a MIG error envelope, and the server keeps serving. */
class BadInputTest {
    private static final String INVOKE = "/mig/v0.1/invoke/observatory.models.infer";
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().env("MIGD_MAX_BODY_BYTES", "65536").build();

    @AfterEach
    void stillServing() {
        MigdServer.Reply ok = server.post(INVOKE, "{\"payload\":{\"input\":\"still here\"}}", "X-Tenant-ID", "acme");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("payload").path("result").asText()).isEqualTo("still here");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("not JSON", "{nope", 400),
                Arguments.of("JSON array", "[1,2]", 400),
                Arguments.of("JSON string", "\"x\"", 400),
                Arguments.of("empty body", "", 400),
                Arguments.of("payload not an object", "{\"payload\":[1]}", 400),
                Arguments.of("payload a string", "{\"payload\":\"x\"}", 400),
                Arguments.of("deadline negative", "{\"header\":{\"deadline_ms\":-5},\"payload\":{\"input\":\"a\"}}", 400),
                Arguments.of("deadline not a number", "{\"header\":{\"deadline_ms\":\"soon\"},\"payload\":{\"input\":\"a\"}}", 400),
                Arguments.of("deadline a fraction", "{\"header\":{\"deadline_ms\":1.5},\"payload\":{\"input\":\"a\"}}", 400),
                Arguments.of("header not an object", "{\"header\":7,\"payload\":{}}", 400),
                Arguments.of("message id too long", "{\"header\":{\"message_id\":\"" + "m".repeat(300) + "\"},\"payload\":{}}", 400),
                Arguments.of("deep nesting", "{\"payload\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}", 400),
                Arguments.of("unknown stream preference", "{\"payload\":{\"input\":\"a\"},\"stream_preference\":\"sideways\"}", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodiesGetAnInvalidRequestEnvelope(String name, String body, int status) {
        MigdServer.Reply reply = server.post(INVOKE, body, "X-Tenant-ID", "acme");
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(reply.json().path("error").path("retryable").asBoolean()).isFalse();
        assertThat(reply.json().path("header").path("mig_version").asText()).isEqualTo("0.1");
    }

    @Test
    void unknownFieldsAreIgnored() {
        MigdServer.Reply reply = server.post(INVOKE, "{\"payload\":{\"input\":\"x\"},\"future_field\":{\"a\":1}}",
                "X-Tenant-ID", "acme");
        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void anOversizeBodyIs413() {
        String big = "{\"payload\":{\"input\":\"" + "x".repeat(70_000) + "\"}}";
        MigdServer.Reply reply = server.post(INVOKE, big, "X-Tenant-ID", "acme");
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(reply.json().path("error").path("details").path("max_body_bytes").asLong()).isEqualTo(65536);
    }

    @Test
    void anOversizeChunkedBodyIs413WithoutBeingBuffered() throws Exception {
        // no Content-Length: the limit is enforced while reading. The client writes chunks until the
        // answer arrives, as a careful client does, so it can read the answer before the server hangs up.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            var in = socket.getInputStream();
            out.write(("POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant-ID: acme\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("1000\r\n" + "x".repeat(4096) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            long sent = 0;
            while (in.available() == 0 && sent < 10_000_000) {
                try {
                    out.write(chunk);
                    out.flush();
                } catch (java.io.IOException hungUp) {
                    break;
                }
                sent += 4096;
                Thread.sleep(1);
            }
            byte[] head = new byte[4096];
            int n = in.read(head);
            String answer = new String(head, 0, Math.max(n, 0), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("MIG_INVALID_REQUEST").contains("max_body_bytes");
            // the server reads at most the limit plus what it discards so the client can read the answer
            assertThat(sent).as("bytes sent before the answer").isLessThan(65_536 + 8L * 1024 * 1024 + 1_000_000);
        }
    }

    @Test
    void aHugeDeclaredBodyIsRefusedAtOnceWithoutReadingIt() throws Exception {
        // 100 MB announced, nothing sent: the answer must not wait for the body
        String answer = RawHttp.exchange(server.port(), "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Tenant-ID: acme\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 413").contains("MIG_INVALID_REQUEST");
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        byte[] body = "{\"payload\":{\"input\":\"\u0000\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[body.length + 2];
        System.arraycopy(body, 0, broken, 0, 21);
        broken[21] = (byte) 0xC3;
        broken[22] = (byte) 0x28;
        System.arraycopy(body, 21, broken, 23, body.length - 21);
        MigdServer.Reply reply = server.send(HttpRequest.newBuilder(server.uri(INVOKE))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(broken)), "X-Tenant-ID", "acme");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
    }

    static Stream<String> badNames() {
        return Stream.of("acme.*", "acme.%3E", "acme.a%20b", "single", "acme..x", "acme.a%2Fb", "acme.%2E%2E",
                "a." + "x".repeat(300), "acme.a%5Cb");
    }

    @ParameterizedTest(name = "capability {0}")
    @MethodSource("badNames")
    void badCapabilityNamesAre400(String name) {
        MigdServer.Reply reply = server.post("/mig/v0.1/invoke/" + name, "{\"payload\":{}}", "X-Tenant-ID", "acme");
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
    }

    @ParameterizedTest(name = "topic {0}")
    @MethodSource("badNames")
    void badTopicsAre400AndNothingIsPublished(String name) {
        MigdServer.Reply reply = server.post("/mig/v0.1/publish/" + name, "{\"payload\":{}}", "X-Tenant-ID", "acme");
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
    }

    @Test
    void badTenantsAre400() {
        for (String tenant : new String[] {"a b", "a*", "a>", "x".repeat(65), "a.b"}) {
            MigdServer.Reply reply = server.post(INVOKE, "{\"header\":{\"tenant_id\":\"" + tenant + "\"},\"payload\":{}}");
            assertThat(reply.status()).as(tenant).isEqualTo(400);
        }
        assertThat(server.post(INVOKE, "{\"payload\":{\"input\":\"a\"}}").json().path("error").path("message").asText())
                .contains("tenant_id is required");
    }

    @Test
    void badResumeCursorsAre400BeforeStreaming() {
        for (String cursor : new String[] {"-1", "abc", "1.5", "99999999999999999999"}) {
            MigdServer.Reply reply = server.get("/mig/v0.1/subscribe/acme.events?resume_cursor=" + cursor,
                    "X-Tenant-ID", "acme", "Accept", "text/event-stream");
            assertThat(reply.status()).as(cursor).isEqualTo(400);
            assertThat(reply.header("content-type")).startsWith("application/json");
            assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        }
    }

    @Test
    void unknownRoutesAre404Envelopes() {
        for (String path : new String[] {"/mig/v0.1/nope", "/mig/v0.2/hello", "/nothing/here"}) {
            MigdServer.Reply reply = server.post(path, "{}");
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.errorCode()).isEqualTo("MIG_NOT_FOUND");
        }
    }

    @Test
    void wrongMethodsAre405WithAllow() {
        MigdServer.Reply reply = server.get("/mig/v0.1/hello");
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(reply.header("allow")).isEqualTo("POST");
        MigdServer.Reply delete = server.delete(INVOKE);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header("allow")).contains("POST");
    }

    @Test
    void pathsTheServerRefusesGetAnEnvelopeToo() throws Exception {
        for (String path : new String[] {"/mig/v0.1/invoke/acme.%zz", "/mig/v0.1/invoke/acme.a%00b"}) {
            String raw = RawHttp.exchange(server.port(), "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}");
            assertThat(raw).as(path).startsWith("HTTP/1.1 400");
            assertThat(raw).contains("application/json").contains("\"MIG_INVALID_REQUEST\"");
        }
    }
}
