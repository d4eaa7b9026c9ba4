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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM with more than one binding (found by bench/soak): the process drains as one, within one
 * {@code MIGD_DRAIN_TIMEOUT_MS}. Before, each binding waited for the gateway's in-flight work in
 * turn while the others still took new work, so with gRPC on an HTTP call outliving the drain was
 * answered only after two drain timeouts (three with NATS).
 */
class DrainAcrossBindingsTest {
    private static final String CAPABILITY = "acme.drain.held";
    private static final long DRAIN_MS = 3_000;

    @Test
    void aCallOutlivingTheDrainIsAnsweredAfterOneDrainTimeoutWithGrpcOn(@TempDir Path dir) throws Exception {
        try (HoldingUpstream held = new HoldingUpstream()) {
            Path config = Files.writeString(dir.resolve("migd.yaml"), "capabilities:\n"
                    + "  - descriptor: {id: " + CAPABILITY + ", version: 1.0.0, modes: [unary],"
                    + " input_schema_uri: \"schema://test/held/in\", output_schema_uri: \"schema://test/held/out\"}\n"
                    + "    provider: {type: http, url: \"" + held.url() + "\"}\n");
            try (MigdProcess migd = MigdProcess.start(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_GRPC_ADDR", "127.0.0.1:0",
                    "MIGD_DRAIN_TIMEOUT_MS", Long.toString(DRAIN_MS), "MIGD_CONFIG_FILE", config.toString()))) {
                String base = "http://127.0.0.1:" + migd.awaitPort();
                HttpClient client = HttpClient.newHttpClient();
                CompletableFuture<HttpResponse<String>> call = client.sendAsync(HttpRequest.newBuilder(
                                URI.create(base + "/mig/v0.1/invoke/" + CAPABILITY)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(held.awaitRequests(1, 10_000)).isTrue();

                long terminated = System.nanoTime();
                migd.terminate();
                HttpResponse<String> answer = call.get(20, TimeUnit.SECONDS);
                long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - terminated);

                JsonNode error = MigJson.mapper().readTree(answer.body()).path("error");
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                assertThat(error.path("code").asText()).isEqualTo("MIG_UNAVAILABLE");
                // one drain timeout and a margin for a loaded machine; two drain timeouts fail
                assertThat(answeredMs).as("answered %d ms after SIGTERM", answeredMs).isLessThan(DRAIN_MS * 3 / 2);
                assertThat(migd.awaitExit(20)).isIn(0, 143);
            }
        }
    }
}
