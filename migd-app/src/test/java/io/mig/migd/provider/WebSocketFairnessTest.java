package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.migd.MigdServer;
import io.mig.migd.WsClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One WebSocket connection may hold only {@code MIGD_WS_MAX_STREAMS} of a capability's bulkhead. */
class WebSocketFairnessTest {

    @Test
    void oneWebSocketCannotTakeTheWholeBulkheadFromAnHttpCaller() throws Exception {
        try (MigdServer migd = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn", "MIGD_WS_MAX_STREAMS", "2"));
             HoldingUpstream slow = new HoldingUpstream();
             WsClient ws = WsClient.connect(migd, "?tenant_id=acme")) {
            Bind.http(migd, "acme.fair.slow", slow.url(), "\"max_concurrency\":3");
            for (int i = 1; i <= 3; i++) {
                ws.send("{\"kind\":\"request\",\"capability\":\"acme.fair.slow\",\"stream_id\":\"s" + i
                        + "\",\"header\":{\"tenant_id\":\"acme\"},\"payload\":{}}");
            }
            JsonNode refused = ws.next();
            assertThat(refused.path("kind").asText()).isEqualTo("error");
            assertThat(refused.path("stream_id").asText()).isEqualTo("s3");
            assertThat(refused.at("/error/code").asText()).isEqualTo("MIG_BACKPRESSURE");
            assertThat(refused.at("/error/details/max_streams").asInt()).isEqualTo(2);
            assertThat(slow.awaitRequests(2, 5_000)).isTrue();

            CompletableFuture<HttpResponse<String>> http = migd.client().sendAsync(HttpRequest.newBuilder(
                            migd.uri("/mig/v0.1/invoke/acme.fair.slow")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Bind.invokeBody("{}"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(slow.awaitRequests(1, 5_000)).as("the HTTP call got a place in the bulkhead").isTrue();
            slow.releaseAll();
            assertThat(http.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }
}
