package io.mig.migd.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.binding.http.HttpBinding;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.CancelAck;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.StreamFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the embedding example of docs/EMBEDDING.md and keeps the document's copy identical to it. */
class EmbeddingExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/io/mig/migd/examples/EmbeddingExample.java");
    private static final Path DOC = Path.of("../docs/EMBEDDING.md");

    @Test
    void theDocumentShowsExactlyTheTestedCode() throws Exception {
        String source = Files.readString(SOURCE);
        String code = source.substring(source.indexOf("// tag::embedding[]\n") + "// tag::embedding[]\n".length(),
                source.indexOf("// end::embedding[]"));
        String doc = Files.readString(DOC);
        String marker = "<!-- snippet: migd-app/src/test/java/io/mig/migd/examples/EmbeddingExample.java -->\n```java\n";
        assertThat(doc).contains(marker);
        String shown = doc.substring(doc.indexOf(marker) + marker.length());
        shown = shown.substring(0, shown.indexOf("```\n"));
        assertThat(shown).as("docs/EMBEDDING.md must show EmbeddingExample.java as it is").isEqualTo(code);
    }

    @Test
    void callsThroughThePortsAndOverHttpWithDeadlineAndCancellationVisibleToTheProvider() throws Exception {
        LinkedBlockingQueue<String> cancellations = new LinkedBlockingQueue<>();
        try (MigGateway gateway = EmbeddingExample.gateway(cancellations::add)) {
            InvokeResponse direct = EmbeddingExample.summarizeDirectly(gateway, "Embedding MIG takes a builder and one lambda.");
            assertThat(direct.payload().path("summary").asText()).isEqualTo("Embedding MIG takes a bu...");
            assertThat(direct.payload().path("tenant").asText()).isEqualTo("acme");
            assertThat(direct.payload().path("time_left_ms").asLong()).as("the 5 s timeout bounds the budget")
                    .isBetween(1L, 5_000L);

            HttpBinding http = EmbeddingExample.serve(gateway, "127.0.0.1", 0);
            try {
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> ok = client.send(post(http.port(), "{\"text\":\"short\"}", 30_000),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(MigJson.mapper().readTree(ok.body()).path("payload").path("summary").asText()).isEqualTo("short");

                HttpResponse<String> late = client.send(post(http.port(), "{\"text\":\"slow\",\"work_ms\":5000}", 200),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode error = MigJson.mapper().readTree(late.body()).path("error");
                assertThat(late.statusCode()).isEqualTo(504);
                assertThat(error.path("code").asText()).isEqualTo("MIG_TIMEOUT");
                assertThat(cancellations.poll(2, TimeUnit.SECONDS)).as("the provider saw the deadline").isEqualTo("deadline");
            } finally {
                http.stop(Duration.ZERO);
            }
        }
    }

    @Test
    void aStreamedCapabilityAnswersFramePerWordAndACancelledCallEndsWithItsReason() throws Exception {
        LinkedBlockingQueue<String> cancellations = new LinkedBlockingQueue<>();
        try (MigGateway gateway = EmbeddingExample.gateway(cancellations::add)) {
            List<StreamFrame> frames = EmbeddingExample.wordsStreamed(gateway, "one two three");
            assertThat(frames).extracting(f -> f.payload() == null ? null : f.payload().path("word").asText(null))
                    .containsSubsequence("one", "two", "three");
            StreamFrame last = frames.get(frames.size() - 1);
            assertThat(last.endStream()).isTrue();
            assertThat(last.payload().path("count").asInt()).isEqualTo(3);

            List<CancelAck> acks = new ArrayList<>();
            CompletableFuture<?> answer = EmbeddingExample.summarizeThenCancel(gateway, acks::add);
            assertThat(acks).singleElement().satisfies(ack -> assertThat(ack.accepted()).isTrue());
            Throwable failure = catchThrowable(() -> answer.get(3, TimeUnit.SECONDS)); // long before the 4 s of work
            assertThat(MigException.from(failure).code()).as(String.valueOf(failure)).isEqualTo(ErrorCode.MIG_TIMEOUT);
        }
    }

    private static HttpRequest post(int port, String payload, long deadlineMs) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mig/v0.1/invoke/acme.tools.summarize"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"header\":{\"tenant_id\":\"acme\",\"deadline_ms\":" + deadlineMs
                        + "},\"payload\":" + payload + "}"))
                .build();
    }
}
