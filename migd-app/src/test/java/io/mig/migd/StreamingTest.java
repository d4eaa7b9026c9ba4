package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.StreamItem;
import io.mig.core.testing.Await;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPEC §3.5 (WebSocket) and §3.6 (streamed INVOKE over SSE) against a real migd. */
class StreamingTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().build();
    /** An endless ticking stream, to cancel and to disconnect from. */
    private static final List<InvocationContext> tickers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void registerTicker() {
        CapabilityDescriptor ticker = new CapabilityDescriptor("test.ticker", "1.0.0", List.of(InvocationMode.SERVER_STREAM),
                "schema://test/in", "schema://test/out", List.of(), List.of(), null, "ticks forever");
        server.migd().gateway().register(ticker, new CapabilityProvider() {
            @Override
            public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
                return CompletableFuture.failedFuture(new IllegalStateException("stream only"));
            }

            @Override
            public Flow.Publisher<StreamItem> stream(InvocationContext context) {
                tickers.add(context);
                Emitter<StreamItem> out = new Emitter<>();
                var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                int[] n = {0};
                timer.scheduleAtFixedRate(() -> {
                    if (out.isCancelled() || context.cancellation().isCancelled()) {
                        timer.shutdown();
                        return;
                    }
                    out.emit(StreamItem.next(MigJson.object().put("tick", ++n[0])));
                }, 0, 50, TimeUnit.MILLISECONDS);
                return out;
            }
        });
    }

    private static String request(String streamId, String capability, String input, String preference) {
        ObjectNode frame = MigJson.object().put("kind", "request").put("capability", capability);
        if (streamId != null) {
            frame.put("stream_id", streamId);
        }
        if (preference != null) {
            frame.put("stream_preference", preference);
        }
        frame.putObject("header").put("tenant_id", "acme");
        frame.putObject("payload").put("input", input);
        return frame.toString();
    }

    @Test
    void aUnaryRequestFrameGetsOneTerminalResponse() throws Exception {
        try (WsClient ws = WsClient.connect(server, "?tenant_id=acme")) {
            ws.send(request("s1", "observatory.models.infer", "hello there", null));
            JsonNode frame = ws.next();
            assertThat(frame.path("kind").asText()).isEqualTo("response");
            assertThat(frame.path("stream_id").asText()).isEqualTo("s1");
            assertThat(frame.path("end_stream").asBoolean()).isTrue();
            assertThat(frame.path("payload").path("result").asText()).isEqualTo("hello there");
        }
    }

    @Test
    void serverStreamsInterleaveOnOneSocketAndEachEndsOnce() throws Exception {
        try (WsClient ws = WsClient.connect(server, "", "X-Tenant-ID", "acme")) {
            ws.send(request("a", "observatory.models.infer", "one two three four", "server_stream"));
            ws.send(request("b", "observatory.models.infer", "five six seven", "server_stream"));
            Map<String, List<JsonNode>> byStream = new HashMap<>();
            int ended = 0;
            while (ended < 2) {
                JsonNode frame = ws.next();
                byStream.computeIfAbsent(frame.path("stream_id").asText(), k -> new ArrayList<>()).add(frame);
                if (frame.path("end_stream").asBoolean()) {
                    ended++;
                }
            }
            assertThat(byStream.get("a")).extracting(f -> f.path("payload").path("token").asText(null))
                    .containsExactly("one", "two", "three", "four", null);
            assertThat(byStream.get("b")).hasSize(4);
            JsonNode terminal = byStream.get("b").get(3);
            assertThat(terminal.path("payload").path("result").asText()).isEqualTo("five six seven");
            assertThat(terminal.path("payload").path("model").asText()).isEqualTo("demo-echo");
        }
    }

    @Test
    void badFramesGetErrorFramesAndTheSocketStaysOpen() throws Exception {
        try (WsClient ws = WsClient.connect(server, "?tenant_id=acme")) {
            ws.send("this is not json");
            JsonNode error = ws.next();
            assertThat(error.path("kind").asText()).isEqualTo("error");
            assertThat(error.path("error").path("code").asText()).isEqualTo("MIG_INVALID_REQUEST");
            ws.send("{\"kind\":\"event\",\"stream_id\":\"x\"}");
            assertThat(ws.next().path("error").path("code").asText()).isEqualTo("MIG_INVALID_REQUEST");
            ws.send(request("u", "acme.unknown", "x", null));
            JsonNode unknown = ws.next();
            assertThat(unknown.path("stream_id").asText()).isEqualTo("u");
            assertThat(unknown.path("error").path("code").asText()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
            ws.send(request("ok", "observatory.models.infer", "still open", null));
            assertThat(ws.next().path("payload").path("result").asText()).isEqualTo("still open");
        }
    }

    @Test
    void aControlFrameCancelsOneStreamAndIsAcknowledged() throws Exception {
        try (WsClient ws = WsClient.connect(server, "?tenant_id=acme")) {
            ws.send(request("t1", "test.ticker", "x", null));
            assertThat(ws.next().path("payload").path("tick").asInt()).isEqualTo(1);
            ws.send("{\"kind\":\"control\",\"stream_id\":\"t1\",\"header\":{\"tenant_id\":\"acme\"},"
                    + "\"payload\":{\"action\":\"cancel\",\"reason\":\"enough\"}}");
            JsonNode ack = null;
            JsonNode end = null;
            while (ack == null || end == null) {
                JsonNode frame = ws.next();
                if (frame.path("kind").asText().equals("control")) {
                    ack = frame;
                } else if (frame.path("kind").asText().equals("error")) {
                    end = frame;
                }
            }
            assertThat(ack.path("payload").path("accepted").asBoolean()).isTrue();
            assertThat(ack.path("payload").path("status").asText()).isEqualTo("cancelled");
            assertThat(end.path("stream_id").asText()).isEqualTo("t1");
            assertThat(end.path("end_stream").asBoolean()).isTrue();
            assertThat(end.path("error").path("code").asText()).isEqualTo("MIG_TIMEOUT");
            assertThat(end.path("error").path("details").path("cancelled").asBoolean()).isTrue();
            assertThat(end.path("error").path("details").path("reason").asText()).isEqualTo("enough");
        }
    }

    @Test
    void aDroppedSocketCancelsItsStreamsAndLeavesTheViewer() throws Exception {
        WsClient ws = WsClient.connect(server, "?tenant_id=dropper");
        ws.send(request("d1", "test.ticker", "x", null).replace("\"acme\"", "\"dropper\""));
        ws.next();
        InvocationContext context = tickers.stream().filter(c -> c.tenant().equals("dropper")).findFirst().orElseThrow();
        assertThat(server.get("/admin/v0.1/connections?tenant_id=dropper").json().path("summary").path("total").asInt())
                .isEqualTo(1);
        ws.abort();
        long start = System.nanoTime();
        Await.until(Duration.ofSeconds(3), () -> context.cancellation().isCancelled()
                && server.get("/admin/v0.1/connections?tenant_id=dropper").json().path("summary").path("total").asInt() == 0,
                "the stream cancelled and its connection gone");
        assertThat(context.cancellation().isCancelled()).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        assertThat(server.migd().gateway().inFlight()).isZero();
    }

    @Test
    void theUpgradeIsRefusedWithAnEnvelopeWithoutATenant() throws Exception {
        String raw = RawHttp.exchange(server.port(), "GET /mig/v0.1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(raw).contains("application/json").contains("\"MIG_INVALID_REQUEST\"").contains("tenant_id is required");
        assertThatThrownBy(() -> WsClient.connect(server, "")).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(400));
    }

    @Test
    void invokeWithAcceptEventStreamAnswersFramesOverSse() throws Exception {
        try (SseClient sse = SseClient.post(server.uri("/mig/v0.1/invoke/observatory.models.infer"),
                "{\"payload\":{\"input\":\"red green blue\"}}", Map.of("X-Tenant-ID", "acme"))) {
            List<JsonNode> frames = new ArrayList<>();
            JsonNode frame;
            do {
                SseClient.Event event = sse.next();
                assertThat(event.type()).isEqualTo("mig-frame");
                frame = event.json();
                frames.add(frame);
            } while (!frame.path("end_stream").asBoolean());
            assertThat(frames).extracting(f -> f.path("payload").path("token").asText(null))
                    .containsExactly("red", "green", "blue", null);
            assertThat(frames.get(3).path("payload").path("result").asText()).isEqualTo("red green blue");
            assertThat(frames.get(0).path("stream_id").asText()).startsWith("stream-msg-");
            assertThat(sse.awaitEnd(5_000)).isTrue();
        }
    }

    @Test
    void aStreamOnlyCapabilityStreamsEvenWhenNotAskedAndRefusalsArePlainJson() throws Exception {
        MigdServer.Reply refused = server.send(java.net.http.HttpRequest.newBuilder(
                        server.uri("/mig/v0.1/invoke/observatory.models.infer"))
                .header("Accept", "text/event-stream").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"payload\":{}}")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("content-type")).startsWith("application/json");

        var request = java.net.http.HttpRequest.newBuilder(server.uri("/mig/v0.1/invoke/test.ticker"))
                .header("Content-Type", "application/json").header("X-Tenant-ID", "acme")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"payload\":{}}")).build();
        HttpResponse<java.util.stream.Stream<String>> response = server.client().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(response.body().filter(l -> l.startsWith("data:")).findFirst().orElseThrow()).contains("\"tick\":1");
        response.body().close();
    }
}
