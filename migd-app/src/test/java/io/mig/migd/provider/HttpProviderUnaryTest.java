package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.migd.MigdExtension;
import io.mig.migd.MigdServer;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unary INVOKE through migd to a real HTTP provider: the request it gets and every kind of answer. */
class HttpProviderUnaryTest {
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().build();

    @Test
    void wrappedPayloadIsTheResultAndTheProviderGetsTheResolvedEnvelope() {
        try (Upstream upstream = Upstream.start(Upstream.json(200, "{\"payload\":{\"answer\":42}}"))) {
            Bind.http(migd, "acme.http.wrapped", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.wrapped",
                    "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-wrapped\",\"session_id\":\"s-1\","
                            + "\"idempotency_key\":\"k-1\",\"deadline_ms\":20000},\"payload\":{\"q\":\"life\"}}");

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("payload").path("answer").asInt()).isEqualTo(42);
            assertThat(reply.json().path("capability").asText()).isEqualTo("acme.http.wrapped");

            Upstream.Received sent = upstream.take();
            JsonNode envelope = sent.json();
            assertThat(envelope.path("capability").asText()).isEqualTo("acme.http.wrapped");
            assertThat(envelope.path("payload").path("q").asText()).isEqualTo("life");
            assertThat(envelope.path("header").path("message_id").asText()).isEqualTo("m-wrapped");
            assertThat(envelope.path("header").path("tenant_id").asText()).isEqualTo("acme");
            assertThat(sent.header("Content-Type")).startsWith("application/json");
            assertThat(sent.header("Mig-Tenant-Id")).isEqualTo("acme");
            assertThat(sent.header("Mig-Message-Id")).isEqualTo("m-wrapped");
            assertThat(sent.header("Mig-Session-Id")).isEqualTo("s-1");
            assertThat(sent.header("Mig-Idempotency-Key")).isEqualTo("k-1");
            assertThat(sent.header("Mig-Capability")).isEqualTo("acme.http.wrapped");
            assertThat(Long.parseLong(sent.header("MIG-Deadline-Ms"))).isBetween(1L, 20_000L).isGreaterThan(15_000L);
            // the gateway generates a trace context when the caller sent none, and passes it on
            assertThat(sent.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
                    .isEqualTo(envelope.path("header").path("traceparent").asText());
            assertThat(sent.header("Authorization")).as("the caller's token is not forwarded by default").isNull();
        }
    }

    @Test
    void numbersReachTheProviderExactlyWithOrWithoutAnIdempotencyKey() {
        try (Upstream upstream = Upstream.start(Upstream.json(200, "{\"ok\":true}"))) {
            Bind.http(migd, "acme.http.numbers", upstream.url(), "");
            for (String key : new String[] {null, "numbers-1"}) {
                String header = key == null ? "{\"tenant_id\":\"acme\"}" : "{\"tenant_id\":\"acme\",\"idempotency_key\":\"" + key + "\"}";
                MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.numbers", "{\"header\":" + header
                        + ",\"payload\":{\"huge\":1e999999999,\"precise\":0.1000000000000000000001,\"scaled\":1.50,"
                        + "\"big\":123456789012345678901234567890}}");
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                String sent = upstream.take().body();
                assertThat(sent).doesNotContain("Infinity")
                        .contains("\"huge\":1E+999999999", "\"precise\":0.1000000000000000000001", "\"scaled\":1.50",
                                "\"big\":123456789012345678901234567890");
            }
        }
    }

    @Test
    void callersTraceparentReachesTheProvider() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (Upstream upstream = Upstream.start(Upstream.json(200, "{\"ok\":true}"))) {
            Bind.http(migd, "acme.http.trace", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.trace",
                    "{\"header\":{\"tenant_id\":\"acme\",\"traceparent\":\"" + traceparent + "\"},\"payload\":{}}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(upstream.take().header("traceparent")).isEqualTo(traceparent);
        }
    }

    @Test
    void theW3cTraceparentHttpHeaderStandsInForAMissingHeaderField() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        try (Upstream upstream = Upstream.start(Upstream.json(200, "{\"ok\":true}"))) {
            Bind.http(migd, "acme.http.w3c", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.w3c", "{\"payload\":{}}",
                    "X-Tenant-ID", "acme", "traceparent", traceparent);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("header").path("traceparent").asText()).isEqualTo(traceparent);
            assertThat(upstream.take().header("traceparent")).isEqualTo(traceparent);

            String inBody = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            MigdServer.Reply both = migd.post("/mig/v0.1/invoke/acme.http.w3c",
                    "{\"header\":{\"traceparent\":\"" + inBody + "\"},\"payload\":{}}", "X-Tenant-ID", "acme",
                    "traceparent", traceparent);
            assertThat(both.json().path("header").path("traceparent").asText()).as("the body's field wins").isEqualTo(inBody);
            assertThat(upstream.take().header("traceparent")).isEqualTo(inBody);
        }
    }

    @Test
    void anyOtherObjectIsTakenWholeAsThePayload() {
        try (Upstream upstream = Upstream.start(Upstream.json(201, "{\"result\":\"bare\",\"n\":[1,2]}"))) {
            Bind.http(migd, "acme.http.bare", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.bare", Bind.invokeBody("{}"), "X-Tenant-ID", "acme");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("payload").path("result").asText()).isEqualTo("bare");
            assertThat(reply.json().path("payload").path("n").size()).isEqualTo(2);
        }
    }

    @Test
    void configuredHeadersGoOutAndTheBearerTokenOnlyWhenForwardingIsOn() {
        try (Upstream upstream = Upstream.start(Upstream.json(200, "{}"))) {
            Bind.http(migd, "acme.http.keyed", upstream.url(), "\"headers\":{\"X-Api-Key\":\"upstream-secret\"}");
            Bind.http(migd, "acme.http.forwarding", upstream.url(), "\"forward_authorization\":true");

            migd.post("/mig/v0.1/invoke/acme.http.keyed", Bind.invokeBody("{}"), "Authorization", "Bearer caller-token");
            Upstream.Received keyed = upstream.take();
            assertThat(keyed.header("X-Api-Key")).isEqualTo("upstream-secret");
            assertThat(keyed.header("Authorization")).isNull();

            migd.post("/mig/v0.1/invoke/acme.http.forwarding", Bind.invokeBody("{}"), "Authorization", "Bearer caller-token");
            assertThat(upstream.take().header("Authorization")).isEqualTo("Bearer caller-token");
        }
    }

    @Test
    void aCookieTheUpstreamSetsIsNeverSentWithALaterCallAndTheHostIsTheUpstreams() {
        // one client serves every caller and tenant: a stored cookie would travel with someone else's call
        try (Upstream upstream = Upstream.start((exchange, request) -> {
            exchange.getResponseHeaders().add("Set-Cookie", "session=caller-one; Path=/");
            Upstream.send(exchange, 200, "application/json", "{\"ok\":true}");
        })) {
            Bind.http(migd, "acme.http.cookies", upstream.url(), "\"headers\":{\"User-Agent\":\"configured-agent\"}");
            for (String tenant : new String[] {"acme", "globex"}) {
                MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.cookies",
                        "{\"header\":{\"tenant_id\":\"" + tenant + "\"},\"payload\":{}}");
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            }
            Upstream.Received first = upstream.take();
            Upstream.Received second = upstream.take();
            assertThat(second.header("Mig-Tenant-Id")).isEqualTo("globex");
            assertThat(second.header("Cookie")).as("the first answer's cookie is not stored").isNull();
            String authority = upstream.url().substring("http://".length(), upstream.url().indexOf("/invoke"));
            assertThat(first.header("Host")).isEqualTo(authority);
            assertThat(second.header("Host")).isEqualTo(authority);
            assertThat(second.header("User-Agent")).as("a configured header replaces the client's own")
                    .isEqualTo("configured-agent");
        }
    }

    @Test
    void migErrorEnvelopeIsPassedThrough() {
        String error = "{\"error\":{\"code\":\"MIG_RATE_LIMITED\",\"message\":\"model busy\",\"retryable\":true,"
                + "\"details\":{\"retry_after_seconds\":3}}}";
        try (Upstream upstream = Upstream.start(Upstream.json(429, error))) {
            Bind.http(migd, "acme.http.limited", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.limited", Bind.invokeBody("{}"));
            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.errorCode()).isEqualTo("MIG_RATE_LIMITED");
            assertThat(reply.json().path("error").path("message").asText()).isEqualTo("model busy");
            assertThat(reply.json().path("error").path("details").path("retry_after_seconds").asInt()).isEqualTo(3);
            assertThat(reply.header("Retry-After")).isEqualTo("3");
        }
    }

    @Test
    void errorEnvelopeInA200IsStillAnError() {
        String error = "{\"error\":{\"code\":\"MIG_INVALID_REQUEST\",\"message\":\"input too long\"}}";
        try (Upstream upstream = Upstream.start(Upstream.json(200, error))) {
            Bind.http(migd, "acme.http.refuses", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.refuses", Bind.invokeBody("{}"));
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
            assertThat(reply.json().path("error").path("message").asText()).isEqualTo("input too long");
        }
    }

    @Test
    void nonMigFailureStatusIsA502WithTheUpstreamStatus() {
        try (Upstream upstream = Upstream.start(Upstream.answer(500, "text/plain", "stack trace here"))) {
            Bind.http(migd, "acme.http.broken", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.broken", Bind.invokeBody("{}"));
            assertThat(reply.status()).isEqualTo(502);
            assertThat(reply.errorCode()).isEqualTo("MIG_INTERNAL");
            assertThat(reply.json().path("error").path("details").path("upstream_status").asInt()).isEqualTo(500);
            assertThat(reply.body()).doesNotContain("stack trace here");
        }
    }

    @Test
    void invalidJsonIsA502() {
        try (Upstream upstream = Upstream.start(Upstream.json(200, "{\"payload\": not json"))) {
            Bind.http(migd, "acme.http.garbled", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.garbled", Bind.invokeBody("{}"));
            assertThat(reply.status()).isEqualTo(502);
            assertThat(reply.errorCode()).isEqualTo("MIG_INTERNAL");
            assertThat(reply.json().path("error").path("details").path("upstream_status").asInt()).isEqualTo(200);
        }
    }

    @Test
    void emptyAnswerIsA502() {
        try (Upstream upstream = Upstream.start(Upstream.answer(204, "application/json", ""))) {
            Bind.http(migd, "acme.http.empty", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.empty", Bind.invokeBody("{}"));
            assertThat(reply.status()).isEqualTo(502);
            assertThat(reply.errorCode()).isEqualTo("MIG_INTERNAL");
            assertThat(reply.json().path("error").path("details").path("upstream_status").asInt()).isEqualTo(204);
        }
    }

    @Test
    void jsonThatIsNotAnObjectIsA502() {
        try (Upstream upstream = Upstream.start(Upstream.json(200, "[1,2,3]"))) {
            Bind.http(migd, "acme.http.array", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.array", Bind.invokeBody("{}"));
            assertThat(reply.status()).isEqualTo(502);
            assertThat(reply.errorCode()).isEqualTo("MIG_INTERNAL");
        }
    }

    @Test
    void unreachableProviderIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Bind.http(migd, "acme.http.gone", "http://127.0.0.1:" + closedPort + "/nothing", "");
        MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.gone", Bind.invokeBody("{}"));
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.errorCode()).isEqualTo("MIG_UNAVAILABLE");
        assertThat(reply.json().path("error").path("retryable").asBoolean()).isTrue();
        assertThat(reply.body()).as("the provider's address is internal").doesNotContain(String.valueOf(closedPort));
    }

    @Test
    void aProviderDyingMidAnswerIsUnavailableWithoutItsInternals() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread dying = new Thread(() -> {
                try (java.net.Socket socket = upstream.accept()) {
                    java.io.InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[8192];
                    String head = "";
                    while (!head.contains("\r\n\r\n")) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            return;
                        }
                        head += new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
                    }
                    // promises 200 bytes, sends a few, and dies
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                            + "{\"payload\": {\"par").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // the test's assertions say what happened
                }
            }, "dying-upstream");
            dying.start();
            String url = "http://127.0.0.1:" + upstream.getLocalPort() + "/private/model";
            Bind.http(migd, "acme.http.dying", url, "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.dying", Bind.invokeBody("{}"));
            dying.join(5_000);
            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            assertThat(reply.errorCode()).isEqualTo("MIG_UNAVAILABLE");
            assertThat(reply.json().path("error").path("details").path("reason").asText()).isEqualTo("connection_closed");
            assertThat(reply.json().path("error").path("message").asText())
                    .isEqualTo("the provider is unreachable: the connection closed before the answer was complete");
            assertThat(reply.body()).as("no address, path or connection state of the provider")
                    .doesNotContain(String.valueOf(upstream.getLocalPort())).doesNotContain("127.0.0.1")
                    .doesNotContain("/private/model").doesNotContain("HttpConnection").doesNotContain("@");
        }
    }

    @Test
    void capabilityWithoutProviderIsUnavailable() {
        migd.migd().gateway().register(new CapabilityRegistration(Bind.descriptor("acme.http.unbound"), null));
        MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.http.unbound", Bind.invokeBody("{}"));
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.errorCode()).isEqualTo("MIG_UNAVAILABLE");
        assertThat(reply.json().path("error").path("message").asText()).contains("no provider bound");
    }

    @Test
    void discoverNeverShowsTheProviderBlock() {
        Bind.http(migd, "acme.http.hidden", "http://10.1.2.3:9999/private",
                "\"headers\":{\"X-Api-Key\":\"top-secret\"},\"max_concurrency\":7");
        MigdServer.Reply reply = migd.post("/mig/v0.1/discover", "{\"header\":{\"tenant_id\":\"acme\"}}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode hidden = null;
        for (JsonNode capability : reply.json().path("capabilities")) {
            if (capability.path("id").asText().equals("acme.http.hidden")) {
                hidden = capability;
            }
        }
        assertThat(hidden).as("the capability is listed").isNotNull();
        assertThat(hidden.has("provider")).isFalse();
        assertThat(reply.body()).doesNotContain("10.1.2.3").doesNotContain("top-secret").doesNotContain("max_concurrency");
    }

    @Test
    void wrongProviderBlocksAreRefusedAtRegistration() {
        var gateway = migd.migd().gateway();
        for (String block : new String[] {
                "{\"type\":\"http\"}",
                "{\"type\":\"http\",\"url\":\"ftp://example.org/x\"}",
                "{\"type\":\"http\",\"url\":\"relative/path\"}",
                "{\"type\":\"http\",\"url\":\"http://127.0.0.1:1/x\",\"headers\":{\"Mig-Tenant-Id\":\"spoofed\"}}",
                "{\"type\":\"http\",\"url\":\"http://127.0.0.1:1/x\",\"headers\":{\"X-Key\":7}}",
                "{\"type\":\"http\",\"url\":\"http://127.0.0.1:1/x\",\"max_concurrency\":0}",
                "{\"type\":\"http\",\"url\":\"http://127.0.0.1:1/x\",\"timeout_ms\":\"soon\"}",
                "{\"type\":\"http\",\"url\":\"http://127.0.0.1:1/x\",\"forward_authorization\":\"yes\"}",
                "{\"type\":\"carrier-pigeon\"}"}) {
            assertThatThrownBy(() -> gateway.register(new CapabilityRegistration(Bind.descriptor("acme.http.wrong"),
                    Bind.block(block))))
                    .as(block)
                    .isInstanceOfSatisfying(MigException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
                        assertThat(e.details().path("field").asText()).startsWith("provider.");
                    });
        }
        assertThat(gateway.capabilities().find("acme.http.wrong")).as("nothing was registered").isEmpty();
    }
}
