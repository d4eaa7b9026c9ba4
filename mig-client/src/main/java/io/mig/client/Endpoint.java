package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Where and as whom the client talks: the base URL, the credentials, and how a MIG call goes over HTTP. */
record Endpoint(HttpClient http, String baseUrl, String tenant, Supplier<String> token, String actor,
                Duration requestTimeout, Reconnect reconnect, boolean refreshableToken) {
    static final String PREFIX = "/mig/v0.1";
    /** How much longer than the call's deadline the client waits: the gateway answers MIG_TIMEOUT by then. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    URI uri(String path) {
        return URI.create(baseUrl + PREFIX + path);
    }

    /** One path segment, percent-encoded (message ids may hold anything). */
    static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a path segment must not be empty");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A request with the caller's tenant, token and actor. The token supplier is asked every time. */
    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (tenant != null) {
            request.header("X-Tenant-ID", tenant);
        }
        String bearer = token == null ? null : token.get();
        if (bearer != null && !bearer.isEmpty()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (actor != null) {
            request.header("X-Actor", actor);
        }
        return request;
    }

    /** The request envelope's {@code header} for these options. */
    static ObjectNode header(CallOptions options) {
        ObjectNode header = Json.object();
        if (options.messageId() != null) {
            header.put("message_id", options.messageId());
        }
        if (options.idempotencyKey() != null) {
            header.put("idempotency_key", options.idempotencyKey());
        }
        if (options.deadline() != null) {
            header.put("deadline_ms", options.deadline().toMillis());
        }
        if (options.traceparent() != null) {
            header.put("traceparent", options.traceparent());
        }
        if (options.sessionId() != null) {
            header.put("session_id", options.sessionId());
        }
        if (!options.meta().isEmpty()) {
            header.set("meta", Json.MAPPER.valueToTree(options.meta()));
        }
        return header;
    }

    /** POSTs a JSON envelope; a 2xx JSON object is the answer, anything else fails typed. */
    CompletableFuture<JsonNode> post(String path, ObjectNode body, CallOptions options) {
        HttpRequest.Builder request = jsonPost(path, body, options)
                .header("Accept", "application/json")
                .timeout(options.deadline() == null ? requestTimeout : options.deadline().plus(GRACE));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw transport(failure);
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw Errors.fromAnswer(response.statusCode(), response.headers(), response.body());
                    }
                    JsonNode json = Json.parseOrNull(response.body());
                    if (json == null || !json.isObject()) {
                        throw new MigTransportException("not a MIG answer (HTTP " + response.statusCode() + ")",
                                response.statusCode(), null);
                    }
                    return json;
                });
    }

    HttpRequest.Builder jsonPost(String path, ObjectNode body, CallOptions options) {
        HttpRequest.Builder request = request(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        if (options.traceparent() != null) {
            request.header("traceparent", options.traceparent());
        }
        return request;
    }

    /** The failure of a send as this library's exception: MIG errors stay what they are. */
    static RuntimeException transport(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof MigClientException || cause instanceof MigTransportException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof HttpTimeoutException) {
            return new MigTransportException("no answer in time: " + cause.getMessage(), cause);
        }
        return new MigTransportException("cannot talk to the gateway: " + cause, cause);
    }
}
