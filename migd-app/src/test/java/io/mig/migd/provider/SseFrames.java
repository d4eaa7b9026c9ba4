package io.mig.migd.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.mig.migd.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** A streamed INVOKE over HTTP (SPEC §3.6), read frame by frame as the gateway sends them. */
final class SseFrames implements AutoCloseable {
    private final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;

    private SseFrames(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.lines = response.body().iterator();
    }

    static SseFrames open(TestGateway migd, String capability, String body) {
        HttpRequest request = HttpRequest.newBuilder(migd.uri("/mig/v0.1/invoke/" + capability))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return new SseFrames(migd.client().send(request, HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    /** The next frame's JSON, or null when the stream ended. */
    JsonNode next() {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                try {
                    return MigJson.mapper().readTree(line.substring(5).trim());
                } catch (IOException e) {
                    throw new AssertionError("frame is not JSON: " + line, e);
                }
            }
        }
        return null;
    }

    /** Every remaining frame, until the stream ends. */
    List<JsonNode> rest() {
        List<JsonNode> frames = new ArrayList<>();
        for (JsonNode frame = next(); frame != null; frame = next()) {
            frames.add(frame);
        }
        return frames;
    }

    @Override
    public void close() {
        response.body().close();
    }
}
