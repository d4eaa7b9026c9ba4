package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.mig.migd.provider.HoldingUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a real process (SPEC §9): a call or stream still running when the drain ends is
 * answered with a retryable {@code MIG_UNAVAILABLE} before the listener closes, and every answer of
 * the drain — those and the calls refused meanwhile — has its audit record with the same code.
 */
class DrainAnswersTest {
    private static final String CAPABILITY = "acme.drain.slow";

    @Test
    void callsOutlivingTheDrainAreAnsweredRetryablyAndAudited(@TempDir Path dir) throws Exception {
        try (HoldingUpstream slow = new HoldingUpstream()) {
            Path config = Files.writeString(dir.resolve("migd.yaml"), "capabilities:\n"
                    + "  - descriptor: {id: " + CAPABILITY + ", version: 1.0.0, modes: [unary],"
                    + " input_schema_uri: \"schema://test/drain/in\", output_schema_uri: \"schema://test/drain/out\"}\n"
                    + "    provider: {type: http, url: \"" + slow.url() + "\"}\n");
            Path audit = dir.resolve("audit.jsonl");
            try (MigdProcess migd = MigdProcess.start(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_DRAIN_TIMEOUT_MS", "1500",
                    "MIGD_CONFIG_FILE", config.toString(), "MIGD_AUDIT_LOG_PATH", audit.toString()))) {
                String base = "http://127.0.0.1:" + migd.awaitPort();
                HttpClient client = HttpClient.newHttpClient();
                CompletableFuture<HttpResponse<String>> held = client.sendAsync(invoke(base, "held-1"),
                        HttpResponse.BodyHandlers.ofString());
                WsClient socket = WsClient.connect(URI.create(base.replace("http", "ws") + "/mig/v0.1/stream?tenant_id=acme"));
                socket.send("{\"kind\":\"request\",\"stream_id\":\"ws-1\",\"capability\":\"" + CAPABILITY
                        + "\",\"header\":{\"message_id\":\"stream-1\"},\"payload\":{}}");
                assertThat(slow.awaitRequests(2, 10_000)).isTrue();

                migd.terminate();
                awaitDraining(client, base);
                HttpResponse<String> refused = client.send(invoke(base, "refused-1"), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(error(refused).path("code").asText()).isEqualTo("MIG_UNAVAILABLE");
                HttpResponse<String> refusedTool = client.send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream").header("X-Tenant-ID", "acme")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                                + "\"params\":{\"name\":\"" + CAPABILITY + "\",\"arguments\":{}}}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refusedTool.statusCode()).isEqualTo(503);

                HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                assertThat(error(answer).path("code").asText()).isEqualTo("MIG_UNAVAILABLE");
                assertThat(error(answer).path("retryable").asBoolean()).isTrue();
                JsonNode last = socket.next();
                assertThat(last.path("kind").asText()).isEqualTo("error");
                assertThat(last.at("/error/code").asText()).isEqualTo("MIG_UNAVAILABLE");
                assertThat(migd.awaitExit(20)).isIn(0, 143);
            }
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(audit)) {
                JsonNode record = MigJson.mapper().readTree(line);
                if (CAPABILITY.equals(record.path("capability").asText())) {
                    records.add(record);
                }
            }
            assertThat(records).as("every answer is audited, as what its client received").hasSize(4)
                    .allSatisfy(r -> assertThat(r.path("code").asText()).isEqualTo("MIG_UNAVAILABLE"));
            assertThat(records).anySatisfy(r -> assertThat(r.path("message_id").asText()).isEqualTo("held-1"));
            assertThat(records).anySatisfy(r -> assertThat(r.path("message_id").asText()).isEqualTo("stream-1"));
            assertThat(records).as("the MCP tools/call refused while draining")
                    .anySatisfy(r -> assertThat(r.path("binding").asText()).isEqualTo("mcp"));
        }
    }

    private static HttpRequest invoke(String base, String messageId) {
        return HttpRequest.newBuilder(URI.create(base + "/mig/v0.1/invoke/" + CAPABILITY)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\""
                        + messageId + "\"},\"payload\":{}}"))
                .build();
    }

    /** Waits until {@code /readyz} reports the drain (503). */
    private static void awaitDraining(HttpClient client, String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() == 503) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("migd did not start draining");
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return MigJson.mapper().readTree(response.body()).path("error");
    }
}
