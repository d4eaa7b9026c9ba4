package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.mig.core.testing.Await;
import io.mig.migd.MigdExtension;
import io.mig.migd.MigdServer;
import io.mig.migd.WsClient;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deadline, provider timeout, CANCEL and a vanished caller all reach the provider: the gateway
 * closes the upstream connection, which a provider holding the request sees, and frees the call.
 */
class ProviderAbortTest {
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().build();

    @Test
    void deadlineAbortsTheUpstreamExchange() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            Bind.http(migd, "acme.abort.deadline", upstream.url(), "");
            long start = System.nanoTime();
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.abort.deadline",
                    "{\"header\":{\"tenant_id\":\"acme\",\"deadline_ms\":400},\"payload\":{}}");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(reply.status()).isEqualTo(504);
            assertThat(reply.errorCode()).isEqualTo("MIG_TIMEOUT");
            assertThat(reply.json().path("error").path("retryable").asBoolean()).isTrue();
            assertThat(tookMs).as("answered promptly after the deadline").isBetween(350L, 3_000L);
            assertThat(upstream.awaitClosed(1, 5_000)).as("the provider saw its connection closed").isTrue();
            assertThat(upstream.requestHeads().get(0)).containsIgnoringCase("MIG-Deadline-Ms: ");
            awaitNothingInFlight();
        }
    }

    @Test
    void providerTimeoutBoundsTheCallUnderALongerDeadline() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            Bind.http(migd, "acme.abort.timeout", upstream.url(), "\"timeout_ms\":300");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.abort.timeout",
                    "{\"header\":{\"tenant_id\":\"acme\",\"deadline_ms\":30000},\"payload\":{}}");

            assertThat(reply.status()).isEqualTo(504);
            assertThat(reply.errorCode()).isEqualTo("MIG_TIMEOUT");
            assertThat(reply.json().path("error").path("details").path("timeout_ms").asLong()).isEqualTo(300);
            assertThat(upstream.awaitClosed(1, 5_000)).isTrue();
            long toldDeadline = deadlineHeader(upstream.requestHeads().get(0));
            assertThat(toldDeadline).as("the provider is told the shorter budget").isBetween(1L, 300L);
        }
    }

    @Test
    void cancelAbortsTheUpstreamExchange() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            Bind.http(migd, "acme.abort.cancel", upstream.url(), "");
            CompletableFuture<HttpResponse<String>> call = invokeAsync("acme.abort.cancel", "m-cancel-unary");
            assertThat(upstream.awaitRequests(1, 5_000)).isTrue();

            MigdServer.Reply ack = migd.post("/mig/v0.1/cancel/m-cancel-unary",
                    "{\"header\":{\"tenant_id\":\"acme\"},\"reason\":\"user pressed stop\"}");
            assertThat(ack.json().path("status").asText()).isEqualTo("cancelled");

            HttpResponse<String> response = call.get(5, TimeUnit.SECONDS);
            JsonNode error = MigJson.mapper().readTree(response.body()).path("error");
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(error.path("code").asText()).isEqualTo("MIG_TIMEOUT");
            assertThat(error.path("details").path("cancelled").asBoolean()).isTrue();
            assertThat(error.path("retryable").asBoolean()).isFalse();
            assertThat(upstream.awaitClosed(1, 5_000)).as("the provider saw its connection closed").isTrue();
            awaitNothingInFlight();
        }
    }

    @Test
    void cancelOfAStreamAbortsTheUpstreamExchange() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            Bind.http(migd, "acme.abort.stream", upstream.url(), "");
            try (SseFrames frames = SseFrames.open(migd, "acme.abort.stream",
                    "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-cancel-stream\"},\"payload\":{}}")) {
                assertThat(upstream.awaitRequests(1, 5_000)).isTrue();
                MigdServer.Reply ack = migd.post("/mig/v0.1/cancel/m-cancel-stream", "{\"header\":{\"tenant_id\":\"acme\"}}");
                assertThat(ack.json().path("status").asText()).isEqualTo("cancelled");

                JsonNode last = frames.next();
                assertThat(last.path("kind").asText()).isEqualTo("error");
                assertThat(last.path("error").path("details").path("cancelled").asBoolean()).isTrue();
                assertThat(last.path("end_stream").asBoolean()).isTrue();
            }
            assertThat(upstream.awaitClosed(1, 5_000)).as("the provider saw its connection closed").isTrue();
            awaitNothingInFlight();
        }
    }

    @Test
    void webSocketCancelFrameAbortsTheUpstreamExchange() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream();
             WsClient ws = WsClient.connect(migd, "?tenant_id=acme")) {
            Bind.http(migd, "acme.abort.ws", upstream.url(), "");
            ws.send("{\"header\":{\"tenant_id\":\"acme\"},\"kind\":\"request\",\"stream_id\":\"s-ws-cancel\","
                    + "\"capability\":\"acme.abort.ws\",\"stream_preference\":\"server_stream\",\"payload\":{}}");
            assertThat(upstream.awaitRequests(1, 5_000)).isTrue();
            ws.send("{\"header\":{\"tenant_id\":\"acme\"},\"kind\":\"control\",\"stream_id\":\"s-ws-cancel\","
                    + "\"payload\":{\"action\":\"cancel\"}}");
            JsonNode error = null;
            for (int i = 0; i < 2 && error == null; i++) {
                JsonNode frame = ws.next();
                if (frame.path("kind").asText().equals("error")) {
                    error = frame;
                }
            }
            assertThat(error).as("the stream ended with an error frame").isNotNull();
            assertThat(error.path("error").path("details").path("cancelled").asBoolean()).isTrue();
            assertThat(upstream.awaitClosed(1, 5_000)).as("the provider saw its connection closed").isTrue();
        }
    }

    @Test
    void callerGoingAwayMidStreamAbortsTheUpstreamExchange() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            Bind.http(migd, "acme.abort.gone", upstream.url(), "");
            SseFrames frames = SseFrames.open(migd, "acme.abort.gone", Bind.invokeBody("{}"));
            assertThat(upstream.awaitRequests(1, 5_000)).isTrue();
            frames.close(); // the caller hangs up
            assertThat(upstream.awaitClosed(1, 5_000)).as("the provider saw its connection closed").isTrue();
            awaitNothingInFlight();
        }
    }

    private static CompletableFuture<HttpResponse<String>> invokeAsync(String capability, String messageId) {
        HttpRequest request = HttpRequest.newBuilder(migd.uri("/mig/v0.1/invoke/" + capability))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"" + messageId + "\"},\"payload\":{}}"))
                .build();
        return migd.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    static long deadlineHeader(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "MIG-Deadline-Ms:", 0, 16)) {
                return Long.parseLong(line.substring(16).trim());
            }
        }
        throw new AssertionError("no MIG-Deadline-Ms header in " + head);
    }

    private static void awaitNothingInFlight() throws InterruptedException, IOException {
        Await.until(Duration.ofSeconds(5), () -> migd.migd().gateway().inFlight() == 0, "every call was freed");
    }
}
