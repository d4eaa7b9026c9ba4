package io.mig.migd;

import io.mig.migd.MigdServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small JSON client of the test gateways ({@link MigdServer}, {@link MigdInstance},
 * {@link MigdExtension}): requests against one base URL, answers as {@link Reply}.
 */
final class MigdHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient client;

    MigdHttp(String baseUrl, HttpClient client) {
        this.baseUrl = baseUrl;
        this.client = client;
    }

    /** A client with a 5 s connect timeout, the default of the test gateways. */
    static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    HttpClient client() {
        return client;
    }

    URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    Reply post(String path, String json, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    Reply get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET(), headers);
    }

    Reply delete(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).DELETE(), headers);
    }

    /** Sends {@code request} with {@code headers} (name/value pairs) added. */
    Reply send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> flat = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> flat.put(name.toLowerCase(), String.join(",", values)));
            return new Reply(response.statusCode(), response.body(), flat);
        } catch (IOException e) {
            throw new UncheckedIOException(baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
