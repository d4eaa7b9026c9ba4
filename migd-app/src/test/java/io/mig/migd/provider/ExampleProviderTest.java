package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.migd.MigdServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs docs/examples/ExampleProvider.java exactly as the documentation says, and calls it through migd. */
class ExampleProviderTest {
    private static final Path EXAMPLE = Path.of("../docs/examples/ExampleProvider.java");

    @Test
    void theDocumentedExampleProviderServesUnaryStreamedAndErrorAnswers() throws Exception {
        assertThat(Files.readString(Path.of("../docs/PROVIDERS.md"))).contains("java docs/examples/ExampleProvider.java");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process provider = new ProcessBuilder(java, EXAMPLE.toString(), "0").redirectErrorStream(true).start();
        try (MigdServer migd = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn"))) {
            BufferedReader out = new BufferedReader(new InputStreamReader(provider.getInputStream(), StandardCharsets.UTF_8));
            String banner = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(banner).startsWith("ExampleProvider listening on http://127.0.0.1:");
            String url = banner.substring(banner.indexOf("http://"));
            Bind.http(migd, "acme.example.shout", url, "");

            MigdServer.Reply unary = migd.post("/mig/v0.1/invoke/acme.example.shout", Bind.invokeBody("{\"input\":\"hello world\"}"));
            assertThat(unary.status()).as(unary.body()).isEqualTo(200);
            assertThat(unary.json().path("payload").path("result").asText()).isEqualTo("HELLO WORLD");
            assertThat(unary.json().path("payload").path("tenant").asText()).isEqualTo("acme");

            try (SseFrames frames = SseFrames.open(migd, "acme.example.shout", Bind.invokeBody("{\"input\":\"hello world\"}"))) {
                List<JsonNode> all = frames.rest();
                assertThat(all).extracting(f -> f.path("payload").toString()).containsExactly(
                        "{\"token\":\"HELLO\"}", "{\"token\":\"WORLD\"}", "{\"result\":\"HELLO WORLD\",\"tenant\":\"acme\"}");
                assertThat(all.get(2).path("end_stream").asBoolean()).isTrue();
            }

            MigdServer.Reply refused = migd.post("/mig/v0.1/invoke/acme.example.shout", Bind.invokeBody("{}"));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
            assertThat(refused.json().path("error").path("details").path("field").asText()).isEqualTo("payload.input");
        } finally {
            provider.destroy();
            provider.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
