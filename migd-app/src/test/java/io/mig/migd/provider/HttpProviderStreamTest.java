package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.migd.MigdExtension;
import io.mig.migd.MigdServer;
import io.mig.migd.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A provider that streams (NDJSON or SSE) becomes a stream of MIG frames, closed by a terminal frame. */
class HttpProviderStreamTest {
    private static final String NDJSON = "application/x-ndjson";
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().build();

    @Test
    void ndjsonItemsBecomeFramesAndTheMarkedItemIsTerminal() {
        String answer = "{\"token\":\"a\"}\n{\"payload\":{\"token\":\"b\"}}\n"
                + "{\"payload\":{\"result\":\"ab\"},\"end_stream\":true}\n";
        try (Upstream upstream = Upstream.start(Upstream.answer(200, NDJSON, answer))) {
            Bind.http(migd, "acme.stream.ndjson", upstream.url(), "");
            try (SseFrames frames = SseFrames.open(migd, "acme.stream.ndjson", Bind.invokeBody("{\"q\":1}"))) {
                assertThat(frames.status()).isEqualTo(200);
                List<JsonNode> all = frames.rest();
                assertThat(all).extracting(f -> f.path("payload").toString())
                        .containsExactly("{\"token\":\"a\"}", "{\"token\":\"b\"}", "{\"result\":\"ab\"}");
                assertThat(all).extracting(f -> f.path("end_stream").asBoolean()).containsExactly(false, false, true);
                assertThat(all).extracting(f -> f.path("kind").asText()).containsOnly("response");
            }
            Upstream.Received sent = upstream.take();
            assertThat(sent.header("Accept")).contains("text/event-stream").contains("application/x-ndjson");
            assertThat(sent.json().path("stream_preference").asText()).isEqualTo("server_stream");
        }
    }

    @Test
    void providerStreamReachesAWebSocketCallerFrameByFrame() throws Exception {
        String answer = "{\"token\":\"a\"}\n{\"payload\":{\"result\":\"a\"},\"end_stream\":true}\n";
        try (Upstream upstream = Upstream.start(Upstream.answer(200, NDJSON, answer));
             WsClient ws = WsClient.connect(migd, "?tenant_id=acme")) {
            Bind.http(migd, "acme.stream.ws", upstream.url(), "");
            ws.send("{\"header\":{\"tenant_id\":\"acme\"},\"kind\":\"request\",\"stream_id\":\"s-ws-1\","
                    + "\"capability\":\"acme.stream.ws\",\"stream_preference\":\"server_stream\",\"payload\":{}}");
            JsonNode first = ws.next();
            JsonNode last = ws.next();
            assertThat(first.path("stream_id").asText()).isEqualTo("s-ws-1");
            assertThat(first.path("payload").path("token").asText()).isEqualTo("a");
            assertThat(first.path("end_stream").asBoolean()).isFalse();
            assertThat(last.path("payload").path("result").asText()).isEqualTo("a");
            assertThat(last.path("end_stream").asBoolean()).isTrue();
        }
    }

    @Test
    void sseDataLinesAreItemsAndCommentsAndOtherFieldsAreIgnored() {
        String answer = ": warming up\n\nevent: token\nid: 1\ndata: {\"token\":\"x\"}\n\n"
                + "data: {\"payload\":{\"n\":1},\ndata:  \"end_stream\":true}\n\n";
        try (Upstream upstream = Upstream.start(Upstream.answer(200, "text/event-stream", answer))) {
            Bind.http(migd, "acme.stream.sse", upstream.url(), "");
            try (SseFrames frames = SseFrames.open(migd, "acme.stream.sse", Bind.invokeBody("{}"))) {
                List<JsonNode> all = frames.rest();
                assertThat(all).extracting(f -> f.path("payload").toString()).containsExactly("{\"token\":\"x\"}", "{\"n\":1}");
                assertThat(all.get(1).path("end_stream").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void streamEndingWithoutTerminalItemIsClosedByTheGateway() {
        try (Upstream upstream = Upstream.start(Upstream.answer(200, NDJSON, "{\"token\":\"only\"}"))) {
            Bind.http(migd, "acme.stream.open", upstream.url(), "");
            try (SseFrames frames = SseFrames.open(migd, "acme.stream.open", Bind.invokeBody("{}"))) {
                List<JsonNode> all = frames.rest();
                assertThat(all).hasSize(2);
                assertThat(all.get(0).path("payload").path("token").asText()).isEqualTo("only");
                assertThat(all.get(1).path("end_stream").asBoolean()).isTrue();
                assertThat(all.get(1).path("payload").isEmpty()).isTrue();
            }
        }
    }

    @Test
    void errorItemEndsTheStreamWithThatError() {
        String answer = "{\"token\":\"a\"}\n{\"error\":{\"code\":\"MIG_UNAVAILABLE\",\"message\":\"model unloaded\"}}\n"
                + "{\"token\":\"never\"}\n";
        try (Upstream upstream = Upstream.start(Upstream.answer(200, NDJSON, answer))) {
            Bind.http(migd, "acme.stream.fails", upstream.url(), "");
            try (SseFrames frames = SseFrames.open(migd, "acme.stream.fails", Bind.invokeBody("{}"))) {
                List<JsonNode> all = frames.rest();
                assertThat(all).hasSize(2);
                JsonNode last = all.get(1);
                assertThat(last.path("kind").asText()).isEqualTo("error");
                assertThat(last.path("end_stream").asBoolean()).isTrue();
                assertThat(last.path("error").path("code").asText()).isEqualTo("MIG_UNAVAILABLE");
                assertThat(last.path("error").path("message").asText()).isEqualTo("model unloaded");
            }
        }
    }

    @Test
    void itemThatIsNotJsonEndsTheStreamWithA502Error() {
        try (Upstream upstream = Upstream.start(Upstream.answer(200, NDJSON, "{\"token\":\"a\"}\nnot json\n"))) {
            Bind.http(migd, "acme.stream.garbled", upstream.url(), "");
            try (SseFrames frames = SseFrames.open(migd, "acme.stream.garbled", Bind.invokeBody("{}"))) {
                JsonNode last = frames.rest().get(1);
                assertThat(last.path("kind").asText()).isEqualTo("error");
                assertThat(last.path("error").path("code").asText()).isEqualTo("MIG_INTERNAL");
            }
        }
    }

    @Test
    void plainJsonAnswerToAStreamIsOneTerminalFrame() {
        try (Upstream upstream = Upstream.start(Upstream.json(200, "{\"payload\":{\"whole\":true}}"))) {
            Bind.http(migd, "acme.stream.whole", upstream.url(), "");
            try (SseFrames frames = SseFrames.open(migd, "acme.stream.whole", Bind.invokeBody("{}"))) {
                List<JsonNode> all = frames.rest();
                assertThat(all).hasSize(1);
                assertThat(all.get(0).path("payload").path("whole").asBoolean()).isTrue();
                assertThat(all.get(0).path("end_stream").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void unaryCallerOfAStreamingProviderGetsTheTerminalItem() {
        String answer = "{\"token\":\"a\"}\n{\"payload\":{\"result\":\"final\"},\"end_stream\":true}\n";
        try (Upstream upstream = Upstream.start(Upstream.answer(200, NDJSON, answer))) {
            Bind.http(migd, "acme.stream.collected", upstream.url(), "");
            MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.stream.collected", Bind.invokeBody("{}"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("payload").path("result").asText()).isEqualTo("final");
        }
    }

    @Test
    void failureStatusOnAStreamRequestIsAPlainError() {
        try (Upstream upstream = Upstream.start(Upstream.answer(503, "text/html", "<h1>down</h1>"))) {
            Bind.http(migd, "acme.stream.down", upstream.url(), "");
            try (SseFrames frames = SseFrames.open(migd, "acme.stream.down", Bind.invokeBody("{}"))) {
                JsonNode last = frames.rest().get(0);
                assertThat(last.path("kind").asText()).isEqualTo("error");
                assertThat(last.path("error").path("code").asText()).isEqualTo("MIG_INTERNAL");
                assertThat(last.path("error").path("details").path("upstream_status").asInt()).isEqualTo(503);
            }
        }
    }
}
