package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Jwts;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bearer tokens and {@code access_token} query strings never reach the log (SPEC §3.2, §8.4) — not
 * even at {@code MIGD_LOG_LEVEL=debug}, not when requests fail, in neither log format. Checked on the
 * real process's stderr, where every logger writes, and on the access log's own file.
 */
class SecretsNotLoggedTest {
    static final String SECRET = "log-test-secret-that-is-long-enough-1234";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "MIGD_LOG_FORMAT={0}")
    @ValueSource(strings = {"json", "text"})
    void tokensNeverAppearInTheLogAtDebugLevel(String format) throws Exception {
        Path accessFile = dir.resolve("access.log");
        Map<String, String> env = Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_AUTH_MODE", "jwt",
                "MIGD_JWT_HS256_SECRET", SECRET, "MIGD_LOG_LEVEL", "debug", "MIGD_SSE_KEEPALIVE_MS", "200",
                "MIGD_LOG_FORMAT", format, "MIGD_ACCESS_LOG", format.equals("json") ? accessFile.toString() : "stderr");
        String good = Jwts.hs256(SECRET, Jwts.claims("acme", "alice", "capability:infer"));
        String forged = Jwts.hs256("not-the-secret", Jwts.claims("acme", "mallory", "mig:admin"));
        List<String> secrets = List.of(good, forged, signature(good), signature(forged), SECRET);
        try (MigdProcess migd = MigdProcess.start(env)) {
            String base = "http://127.0.0.1:" + migd.awaitPort();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<Integer> statuses = new ArrayList<>();
            for (String token : List.of(good, forged)) {
                statuses.add(send(client, post(base + "/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"x\"}}")
                        .header("Authorization", "Bearer " + token)));
                statuses.add(send(client, get(base + "/admin/v0.1/connections").header("Authorization", "Bearer " + token)));
                statuses.add(send(client, get(base + "/mig/v0.1/subscribe/log.events?resume_cursor=bad&access_token=" + token)));
                statuses.add(send(client, get(base + "/mig/v0.1/stream?access_token=" + token)));
                statuses.add(send(client, post(base + "/mig/v0.1/hello?access_token=" + token, "{not json")));
            }
            try (SseClient stream = SseClient.get(URI.create(base + "/mig/v0.1/subscribe/log.events?access_token=" + good), Map.of())) {
                send(client, post(base + "/mig/v0.1/publish/log.events", "{\"payload\":{}}").header("Authorization", "Bearer " + good));
                stream.next();
            }
            try (WsClient socket = WsClient.connect(URI.create(base.replace("http", "ws") + "/mig/v0.1/stream?access_token=" + good))) {
                socket.send("{\"kind\":\"request\",\"capability\":\"observatory.models.infer\",\"payload\":{\"input\":\"x\"}}");
                socket.next();
            }
            assertThat(statuses).as("the requests reached migd and some failed").contains(200, 401, 403, 400);
            Thread.sleep(500); // the access log of the closed streams
            migd.terminate();
            migd.awaitExit(20);
            List<String> log = new ArrayList<>(migd.stderr());
            if (Files.exists(accessFile)) {
                log.addAll(Files.readAllLines(accessFile));
            }
            assertThat(log).as("the access log was written").anyMatch(line -> line.contains("migd.access"));
            assertThat(log).as("in the format asked for").allMatch(line -> line.startsWith("{") == format.equals("json"));
            for (String line : log) {
                for (String secret : secrets) {
                    assertThat(line).as("log line leaks a secret").doesNotContain(secret);
                }
                assertThat(line).doesNotContain("access_token=");
            }
        }
    }

    private static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    }

    private static HttpRequest.Builder post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static int send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
