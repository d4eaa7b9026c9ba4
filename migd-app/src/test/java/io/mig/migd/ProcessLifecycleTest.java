package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What only a real process shows: configuration errors refuse to start; SIGTERM drains, then ends streams. */
class ProcessLifecycleTest {

    static Stream<Arguments> badConfigurations() throws IOException {
        Path garbage = Files.createTempFile("not-a-key", ".pem");
        Files.writeString(garbage, "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n");
        garbage.toFile().deleteOnExit();
        Path brokenLogback = Files.createTempFile("broken-logback", ".xml");
        Files.writeString(brokenLogback, "<configuration><appender name=\"x\" class=\"no.such.Appender\"/>"
                + "<root level=\"info\"><appender-ref ref=\"x\"/></root></configuration>");
        brokenLogback.toFile().deleteOnExit();
        return Stream.of(
                Arguments.of(Map.of("MIGD_LOG_LEVEL", "loud"), "MIGD_LOG_LEVEL"),
                Arguments.of(Map.of("MIGD_LOG_FORMAT", "xml"), "MIGD_LOG_FORMAT"),
                Arguments.of(Map.of("MIGD_LOG_LEVELS", "io.mig.binding.http"), "MIGD_LOG_LEVELS"),
                Arguments.of(Map.of("MIGD_LOG_LEVELS", "migd.access=loud"), "MIGD_LOG_LEVELS"),
                Arguments.of(Map.of("MIGD_LOG_LEVELS", "org.eclipse.jetty.server=debug"), "MIGD_LOG_LEVELS"),
                Arguments.of(Map.of("MIGD_ACCESS_LOG", "/nonexistent-dir/access.log"), "MIGD_ACCESS_LOG"),
                Arguments.of(Map.of("MIGD_LOG_QUEUE_SIZE", "0"), "MIGD_LOG_QUEUE_SIZE"),
                Arguments.of(Map.of("MIGD_LOG_CONFIG", "/nonexistent/logback.xml"), "MIGD_LOG_CONFIG"),
                Arguments.of(Map.of("MIGD_LOG_CONFIG", brokenLogback.toString()), "MIGD_LOG_CONFIG"),
                Arguments.of(Map.of("MIGD_AUTH_MODE", "kerberos"), "MIGD_AUTH_MODE"),
                Arguments.of(Map.of("MIGD_AUTH_MODE", "jwt"), "MIGD_JWT_HS256_SECRET"),
                Arguments.of(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_PUBLIC_KEY_FILE", "/nonexistent/key.pem"),
                        "MIGD_JWT_PUBLIC_KEY_FILE"),
                Arguments.of(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_PUBLIC_KEY_FILE", garbage.toString()),
                        "MIGD_JWT_PUBLIC_KEY_FILE"),
                Arguments.of(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_JWKS_URL", "idp.example/jwks"), "MIGD_JWT_JWKS_URL"),
                Arguments.of(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_JWKS_URL", "https://idp.example/jwks",
                        "MIGD_JWT_PUBLIC_KEY_FILE", garbage.toString()), "MIGD_JWT_JWKS_URL"),
                Arguments.of(Map.of("MIGD_ADMIN_SCOPE", "mig admin"), "MIGD_ADMIN_SCOPE"),
                Arguments.of(Map.of("MIGD_ADDR", "localhost"), "MIGD_ADDR"),
                Arguments.of(Map.of("MIGD_MAX_BODY_BYTES", "lots"), "MIGD_MAX_BODY_BYTES"),
                Arguments.of(Map.of("MIGD_HTTP_IDLE_TIMEOUT_MS", "soon"), "MIGD_HTTP_IDLE_TIMEOUT_MS"),
                Arguments.of(Map.of("MIGD_HTTP_IDLE_TIMEOUT_MS", "1000", "MIGD_SSE_KEEPALIVE_MS", "5000"),
                        "MIGD_HTTP_IDLE_TIMEOUT_MS"),
                Arguments.of(Map.of("MIGD_HTTP_HEADER_TIMEOUT_MS", "0"), "MIGD_HTTP_HEADER_TIMEOUT_MS"),
                Arguments.of(Map.of("MIGD_MAX_CONNECTIONS", "-5"), "MIGD_MAX_CONNECTIONS"),
                Arguments.of(Map.of("MIGD_WS_MAX_STREAMS", "many"), "MIGD_WS_MAX_STREAMS"),
                Arguments.of(Map.of("MIGD_ENABLE_METRICS", "perhaps"), "MIGD_ENABLE_METRICS"),
                Arguments.of(Map.of("MIGD_MAX_DEADLINE_MS", "-1"), "MIGD_MAX_DEADLINE_MS"),
                Arguments.of(Map.of("MIGD_MAX_TOPICS_PER_TENANT", "0"), "MIGD_MAX_TOPICS_PER_TENANT"),
                Arguments.of(Map.of("MIGD_IDEMPOTENCY_MAX_BYTES", "256MB"), "MIGD_IDEMPOTENCY_MAX_BYTES"),
                Arguments.of(Map.of("MIGD_AUDIT_LOG_PATH", "/nonexistent-dir/audit.jsonl"), "MIGD_AUDIT_LOG_PATH"),
                Arguments.of(Map.of("MIGD_TLS_CERT_FILE", "/nonexistent/cert.pem"), "MIGD_TLS"),
                // state (SPEC §10): an unknown engine, jetstream without its servers or with bad settings
                Arguments.of(Map.of("MIGD_STATE", "raft"), "MIGD_STATE"),
                Arguments.of(Map.of("MIGD_STATE", "jetstream"), "MIGD_NATS_URL"),
                Arguments.of(Map.of("MIGD_STATE", "jetstream", "MIGD_NATS_URL", "nats://127.0.0.1:1",
                        "MIGD_JETSTREAM_REPLICAS", "7"), "MIGD_JETSTREAM_REPLICAS"),
                Arguments.of(Map.of("MIGD_STATE", "jetstream", "MIGD_NATS_URL", "nats://127.0.0.1:1",
                        "MIGD_JETSTREAM_PREFIX", "mig.d"), "MIGD_JETSTREAM_PREFIX"),
                Arguments.of(Map.of("MIGD_INSTANCE_ID", "node one"), "MIGD_INSTANCE_ID"),
                // gRPC TLS: one file of the pair alone, and a "certificate" that is not one
                Arguments.of(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0", "MIGD_GRPC_TLS_CERT_FILE", garbage.toString()),
                        "MIGD_GRPC_TLS_KEY_FILE"),
                Arguments.of(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0", "MIGD_GRPC_TLS_CERT_FILE", garbage.toString(),
                        "MIGD_GRPC_TLS_KEY_FILE", garbage.toString()), "MIGD_GRPC_TLS_CERT_FILE/MIGD_GRPC_TLS_KEY_FILE"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badConfigurations")
    void invalidConfigurationExits2WithOneLineNamingTheVariableBeforeOpeningAPort(Map<String, String> env, String variable)
            throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("MIGD_ADDR", "127.0.0.1:" + port);
        try (MigdProcess migd = MigdProcess.start(all)) {
            assertThat(migd.awaitExit(20)).isEqualTo(2);
            List<String> lines = migd.stderr();
            assertThat(lines).as("stderr").hasSize(1);
            assertThat(lines.get(0)).contains(variable).doesNotContain("Exception").doesNotContain("\tat ");
        }
        try (ServerSocket free = new ServerSocket(port)) {
            assertThat(free.isBound()).as("the port was never taken").isTrue();
        }
    }

    @Test
    void exitWhenStartedServesThenStopsWithExit0() throws Exception {
        // the build's class-data-sharing recording run (migd-app/pom.xml): a whole start, then a normal exit
        try (MigdProcess migd = MigdProcess.start(Map.of("MIGD_ADDR", "127.0.0.1:0"), List.of(), List.of("--exit-when-started"))) {
            assertThat(migd.awaitPort()).as("it started its listener").isPositive();
            assertThat(migd.awaitExit(60)).isEqualTo(0);
            // the start-up line, then one access line per request it sent itself (StartRehearsal), each answered
            List<String> lines = migd.stderr();
            assertThat(lines).as("no warning or error").allMatch(line -> line.contains("\"level\":\"INFO\""));
            assertThat(lines).filteredOn(line -> line.contains("serving")).hasSize(1);
            assertThat(lines).filteredOn(line -> !line.contains("serving")).as("the rehearsal's requests, all answered 200")
                    .hasSize(5).allMatch(line -> line.contains("\"logger\":\"migd.access\"") && line.contains("\"status\":200"))
                    .anyMatch(line -> line.contains("GET /readyz 200"))
                    .anyMatch(line -> line.contains("POST /mig/v0.1/invoke/{capability} 200"));
        }
    }

    @Test
    void stateOnANatsThatIsNotThereStopsTheStartWithExit1() throws Exception {
        // nothing listens on port 1: the state cannot be reached, which is not a configuration error
        try (MigdProcess migd = MigdProcess.start(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_STATE", "jetstream",
                "MIGD_NATS_URL", "nats://127.0.0.1:1", "MIGD_ENABLE_NATS_BINDING", "false"))) {
            assertThat(migd.awaitExit(30)).isEqualTo(1);
            assertThat(migd.stderr()).hasSize(1);
            assertThat(migd.stderr().get(0)).startsWith("migd: cannot start: MIGD_NATS_URL: cannot connect to nats://127.0.0.1:1")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void everyRequestLogsOneStructuredLineWithTheResolvedHeader() throws Exception {
        try (MigdProcess migd = MigdProcess.start(Map.of("MIGD_ADDR", "127.0.0.1:0"))) {
            int port = migd.awaitPort();
            var client = java.net.http.HttpClient.newHttpClient();
            var response = client.send(java.net.http.HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/mig/v0.1/invoke/observatory.models.infer"))
                    .header("Content-Type", "application/json").header("X-Tenant-ID", "acme")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"payload\":{\"input\":\"log me\"}}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            JsonNode header = io.mig.core.json.MigJson.mapper().readTree(response.body()).path("header");
            Await.until(Duration.ofSeconds(5), () -> !accessLines(migd).isEmpty(), "the access line of the INVOKE");
            List<String> lines = accessLines(migd);
            assertThat(lines).hasSize(1);
            JsonNode line = io.mig.core.json.MigJson.mapper().readTree(lines.get(0).substring(lines.get(0).indexOf('{')));
            assertThat(line.path("method").asText()).isEqualTo("POST");
            assertThat(line.path("route").asText()).isEqualTo("/mig/v0.1/invoke/{capability}");
            assertThat(line.path("status").asInt()).isEqualTo(200);
            assertThat(line.path("duration_ms").isNumber()).isTrue();
            assertThat(line.path("tenant_id").asText()).isEqualTo("acme");
            assertThat(line.path("message_id").asText()).isEqualTo(header.path("message_id").asText());
            assertThat(line.path("traceparent").asText()).isEqualTo(header.path("traceparent").asText()).isNotEmpty();
        }
    }

    @Test
    void sigtermDrainsInFlightWorkThenEndsOpenStreamsWithATerminalFrame() throws Exception {
        try (MigdProcess migd = MigdProcess.start(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_DRAIN_TIMEOUT_MS", "8000"))) {
            int port = migd.awaitPort();
            String base = "http://127.0.0.1:" + port;
            SseClient subscriber = SseClient.get(URI.create(base + "/mig/v0.1/subscribe/drain.events"),
                    Map.of("X-Tenant-ID", "acme"));
            MigdServerless ws = new MigdServerless(base);
            WsClient socket = ws.socket("?tenant_id=acme");
            // a streamed invocation of ~60 words at 20 ms each: still running when SIGTERM arrives
            String words = String.join(" ", java.util.Collections.nCopies(60, "word"));
            socket.send("{\"kind\":\"request\",\"stream_id\":\"long\",\"capability\":\"observatory.models.infer\","
                    + "\"stream_preference\":\"server_stream\",\"payload\":{\"input\":\"" + words + "\"}}");
            assertThat(socket.next().path("payload").path("token").asText()).isEqualTo("word");

            migd.terminate();

            List<JsonNode> frames = new ArrayList<>();
            JsonNode frame;
            do {
                frame = socket.next();
                frames.add(frame);
            } while (!frame.path("end_stream").asBoolean());
            assertThat(frame.path("kind").asText()).as("the running stream finished normally").isEqualTo("response");
            assertThat(frame.path("payload").path("result").asText()).isEqualTo(words);
            assertThat(socket.awaitClose(10_000)).as("the socket is closed as going away").isEqualTo(1001);

            SseClient.Event last = subscriber.next();
            assertThat(last.type()).isEqualTo("mig-error");
            assertThat(last.json().path("error").path("code").asText()).isEqualTo("MIG_UNAVAILABLE");
            assertThat(subscriber.awaitEnd(10_000)).isTrue();
            assertThat(migd.awaitExit(20)).as("exit status after SIGTERM").isIn(0, 143);
        }
    }

    /** WebSocket clients for a migd known only by its base URL. */
    private record MigdServerless(String base) {
        WsClient socket(String query) {
            return WsClient.connect(URI.create(base.replace("http", "ws") + "/mig/v0.1/stream" + query));
        }
    }

    private static List<String> accessLines(MigdProcess migd) {
        return migd.stderr().stream().filter(l -> l.contains("migd.access") && l.contains("/invoke/")).toList();
    }
}
