package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.binding.http.HttpBinding;
import io.mig.core.json.MigJson;
import io.mig.core.spi.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real migd started in-process on a free loopback port, configured like the real one (by
 * environment-style settings), with a small JSON client. Close it to stop it.
 *
 * <pre>{@code
 * try (MigdServer server = MigdServer.start(Map.of("MIGD_REQUIRE_TENANT_HEADER", "true"))) {
 *     MigdServer.Reply reply = server.post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme");
 * }
 * }</pre>
 */
public final class MigdServer implements TestGateway, AutoCloseable {
    private final Migd migd;
    private final MigdHttp http;

    private MigdServer(Migd migd, String baseUrl, HttpClient client) {
        this.migd = migd;
        this.http = new MigdHttp(baseUrl, client);
    }

    public static MigdServer start() {
        return start(Map.of());
    }

    /** Starts migd with these settings on top of {@code MIGD_ADDR=127.0.0.1:0}. */
    public static MigdServer start(Map<String, String> settings) {
        return start(settings, MigdHttp.defaultClient());
    }

    /** As {@link #start(Map)}, talking through {@code client} (e.g. one that trusts a test certificate). */
    public static MigdServer start(Map<String, String> settings, HttpClient client) {
        Map<String, String> all = new HashMap<>();
        all.put("MIGD_ADDR", "127.0.0.1:0");
        all.putAll(settings);
        Migd migd = Migd.create(Settings.of(all));
        try {
            migd.start();
        } catch (Exception e) {
            migd.stop(Duration.ZERO);
            throw new IllegalStateException("migd did not start", e);
        }
        HttpBinding http = migd.binding(HttpBinding.class).orElseThrow();
        String scheme = all.containsKey("MIGD_TLS_CERT_FILE") ? "https" : "http";
        return new MigdServer(migd, scheme + "://127.0.0.1:" + http.port(), client);
    }

    @Override
    public Migd migd() {
        return migd;
    }

    @Override
    public String baseUrl() {
        return http.baseUrl();
    }

    @Override
    public int port() {
        return URI.create(http.baseUrl()).getPort();
    }

    @Override
    public URI uri(String path) {
        return http.uri(path);
    }

    @Override
    public HttpClient client() {
        return http.client();
    }

    @Override
    public Reply post(String path, String json, String... headers) {
        return http.post(path, json, headers);
    }

    @Override
    public Reply get(String path, String... headers) {
        return http.get(path, headers);
    }

    @Override
    public Reply delete(String path, String... headers) {
        return http.delete(path, headers);
    }

    @Override
    public Reply send(HttpRequest.Builder request, String... headers) {
        return http.send(request, headers);
    }

    @Override
    public void close() {
        migd.stop(Duration.ofSeconds(2));
    }

    /** An HTTP answer: status, raw body, headers (lower-case names), and the body as JSON. */
    public record Reply(int status, String body, Map<String, String> headers) {
        public JsonNode json() {
            try {
                return MigJson.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The MIG error code of an error envelope, or null. */
        public String errorCode() {
            JsonNode error = json().path("error");
            return error.isMissingNode() ? null : error.path("code").asText(null);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }
}
