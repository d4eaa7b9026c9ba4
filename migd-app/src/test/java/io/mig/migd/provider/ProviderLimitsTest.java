package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.mig.migd.MigdServer;
import io.mig.migd.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The provider bulkhead ({@code max_concurrency}) and the gateway's {@code MIGD_MAX_INFLIGHT}, end to end. */
class ProviderLimitsTest {

    @Test
    void fullBulkheadRefusesAtOnceAndOtherCapabilitiesAreUnaffected() throws Exception {
        try (MigdServer migd = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn"));
             HoldingUpstream slow = new HoldingUpstream();
             Upstream fast = Upstream.start(Upstream.json(200, "{\"payload\":{\"fast\":true}}"))) {
            Bind.http(migd, "acme.limits.slow", slow.url(), "\"max_concurrency\":2");
            Bind.http(migd, "acme.limits.fast", fast.url(), "");
            List<CompletableFuture<HttpResponse<String>>> held = List.of(
                    invokeAsync(migd, "acme.limits.slow"), invokeAsync(migd, "acme.limits.slow"));
            assertThat(slow.awaitRequests(2, 5_000)).isTrue();

            long start = System.nanoTime();
            MigdServer.Reply refused = migd.post("/mig/v0.1/invoke/acme.limits.slow", Bind.invokeBody("{}"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.errorCode()).isEqualTo("MIG_BACKPRESSURE");
            assertThat(refused.json().path("error").path("retryable").asBoolean()).isTrue();
            assertThat(refused.json().path("error").path("details").path("max_concurrency").asInt()).isEqualTo(2);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("refused without queueing").isLessThan(2_000);
            assertThat(slow.awaitRequests(1, 300)).as("the refused call never reached the provider").isFalse();

            assertThat(migd.post("/mig/v0.1/invoke/acme.limits.fast", Bind.invokeBody("{}")).status())
                    .as("another capability has its own bulkhead").isEqualTo(200);

            slow.releaseAll();
            for (CompletableFuture<HttpResponse<String>> call : held) {
                assertThat(call.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            MigdServer.Reply after = migd.post("/mig/v0.1/invoke/acme.limits.slow", Bind.invokeBody("{}"));
            assertThat(after.status()).as("places are given back when calls end").isEqualTo(200);
            assertThat(after.json().path("payload").path("released").asBoolean()).isTrue();
        }
    }

    @Test
    void gatewayMaxInflightRefusesBeyondCapacity() throws Exception {
        try (MigdServer migd = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn", "MIGD_MAX_INFLIGHT", "2"));
             HoldingUpstream slow = new HoldingUpstream()) {
            Bind.http(migd, "acme.limits.inflight", slow.url(), "");
            List<CompletableFuture<HttpResponse<String>>> held = List.of(
                    invokeAsync(migd, "acme.limits.inflight"), invokeAsync(migd, "acme.limits.inflight"));
            assertThat(slow.awaitRequests(2, 5_000)).isTrue();

            MigdServer.Reply heartbeat = migd.post("/mig/v0.1/heartbeat", "{\"header\":{\"tenant_id\":\"acme\"}}");
            assertThat(heartbeat.json().path("load_factor").asDouble()).isEqualTo(1.0);
            MigdServer.Reply refused = migd.post("/mig/v0.1/invoke/acme.limits.inflight", Bind.invokeBody("{}"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.errorCode()).isEqualTo("MIG_BACKPRESSURE");
            assertThat(refused.json().path("error").path("details").path("max_inflight").asInt()).isEqualTo(2);

            slow.releaseAll();
            for (CompletableFuture<HttpResponse<String>> call : held) {
                JsonNode body = MigJson.mapper().readTree(call.get(5, TimeUnit.SECONDS).body());
                assertThat(body.path("payload").path("released").asBoolean()).isTrue();
            }
            assertThat(migd.post("/mig/v0.1/invoke/acme.limits.inflight", Bind.invokeBody("{}")).status()).isEqualTo(200);
        }
    }

    private static CompletableFuture<HttpResponse<String>> invokeAsync(TestGateway migd, String capability) {
        HttpRequest request = HttpRequest.newBuilder(migd.uri("/mig/v0.1/invoke/" + capability))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Bind.invokeBody("{}")))
                .build();
        return migd.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
