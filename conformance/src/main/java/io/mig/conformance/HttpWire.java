package io.mig.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.conformance.kit.MigWire;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MIG over HTTP (SPEC §3) for the kit, with only the JDK and Jackson: each operation POSTs its
 * envelope to its route, a streamed INVOKE asks for {@code text/event-stream} (SPEC §3.6) and
 * SUBSCRIBE reads SSE (SPEC §3.4). The tenant travels as {@code X-Tenant-ID}; a SUBSCRIBE, which
 * has no body, sends a body tenant as the {@code tenant_id} query parameter (SPEC §3.2).
 */
final class HttpWire implements MigWire {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/mig/v0.1/";

    private final HttpClient client;
    private final String baseUrl;
    private final Credentials defaults;

    HttpWire(String baseUrl, String tenant, String token) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), baseUrl, tenant, token);
    }

    HttpWire(HttpClient client, String baseUrl, String tenant, String token) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.defaults = new Credentials(tenant == null || tenant.isEmpty() ? null : tenant,
                token == null || token.isEmpty() ? null : token);
    }

    String baseUrl() {
        return baseUrl;
    }

    HttpClient client() {
        return client;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String binding() {
        return "http";
    }

    @Override
    public Credentials defaults() {
        return defaults;
    }

    @Override
    public Outcome hello(Call call) throws Exception {
        return post("hello", call);
    }

    @Override
    public Outcome discover(Call call) throws Exception {
        return post("discover", call);
    }

    @Override
    public Outcome invoke(Call call) throws Exception {
        return post("invoke/" + call.body().path("capability").asText(), call);
    }

    @Override
    public Outcome cancel(Call call) throws Exception {
        return post("cancel/" + call.body().path("target_message_id").asText(), call);
    }

    @Override
    public Outcome publish(Call call) throws Exception {
        return post("publish/" + call.body().path("topic").asText(), call);
    }

    @Override
    public Outcome heartbeat(Call call) throws Exception {
        return post("heartbeat", call);
    }

    @Override
    public Frames invokeStream(Call call) throws Exception {
        ObjectNode body = call.body().deepCopy().put("stream_preference", "server_stream");
        HttpRequest.Builder request = request("invoke/" + body.path("capability").asText(), call.credentials())
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        SseLines lines = stream(request, (event, data) -> {
            if (data.has("error") && !data.has("kind")) {
                ObjectNode frame = data.deepCopy();
                return frame.put("kind", "error").put("end_stream", true);
            }
            return data;
        }, true);
        return new Frames() {
            @Override
            public JsonNode next(Duration timeout) throws Exception {
                return lines.next(timeout);
            }

            @Override
            public void close() {
                lines.close();
            }
        };
    }

    @Override
    public Events subscribe(Call call) throws Exception {
        StringBuilder query = new StringBuilder();
        JsonNode cursor = call.body().get("resume_cursor");
        if (cursor != null && !cursor.isNull()) {
            query.append("&resume_cursor=").append(encode(cursor.asText()));
        }
        String bodyTenant = call.body().path("header").path("tenant_id").asText(null);
        if (bodyTenant != null) {
            query.append("&tenant_id=").append(encode(bodyTenant));
        }
        String path = "subscribe/" + call.body().path("topic").asText() + (query.length() > 0 ? "?" + query.substring(1) : "");
        SseLines lines = stream(request(path, call.credentials()).header("Accept", "text/event-stream").GET(),
                (event, data) -> data, false);
        return new Events() {
            @Override
            public JsonNode next(Duration timeout) throws Exception {
                return lines.next(timeout);
            }

            @Override
            public void close() {
                lines.close();
            }
        };
    }

    @Override
    public Outcome malformed(String operation, String text) throws Exception {
        return send(request(operation, defaults).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    @Override
    public Outcome unknownOperation() throws Exception {
        return send(request("conformance-kit-nothing-here", defaults).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    @Override
    public Outcome wrongMethod(String operation) throws Exception {
        return send(request(operation, defaults).GET());
    }

    @Override
    public void close() {
        // the JDK client's connections are released when it is collected
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path, Credentials credentials) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + BASE + path)).timeout(Duration.ofSeconds(30));
        if (credentials.tenantHeader() != null) {
            builder.header("X-Tenant-ID", credentials.tenantHeader());
        }
        if (credentials.token() != null) {
            builder.header("Authorization", "Bearer " + credentials.token());
        }
        return builder;
    }

    private Outcome post(String path, Call call) throws IOException, InterruptedException {
        return send(request(path, call.credentials()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call.body().toString())));
    }

    private Outcome send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Outcome(json(response.body()), String.valueOf(response.statusCode()), transport(response));
    }

    /**
     * Opens an SSE stream; a refusal (any status but 200, or another content type) becomes the
     * stream's only item, as an error frame when {@code asFrame}.
     */
    private SseLines stream(HttpRequest.Builder request, java.util.function.BiFunction<String, JsonNode, JsonNode> convert,
            boolean asFrame) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(Duration.ofMinutes(5)).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(built, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException stale) {
            if (!built.method().equals("GET")) {
                throw stale;
            }
            // a pooled connection the server had just closed; opening a SUBSCRIBE has no effect to repeat
            response = client.send(built, HttpResponse.BodyHandlers.ofInputStream());
        }
        boolean sse = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        if (response.statusCode() == 200 && sse) {
            return new SseLines(response.body(), convert);
        }
        String text;
        try (InputStream body = response.body()) {
            text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode answer = (ObjectNode) json(text);
        if (response.statusCode() == 200) {
            // a unary answer to a stream request: SPEC §3.5 says the one result is a single terminal frame
            answer = answer.deepCopy().put("kind", "response").put("end_stream", true);
        } else if (asFrame) {
            answer.put("kind", "error").put("end_stream", true);
        }
        return SseLines.of(answer);
    }

    private static JsonNode json(String body) {
        try {
            JsonNode json = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
            return json.isObject() ? json : JSON.createObjectNode().put("_not_an_object", body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("_not_json", body);
        }
    }

    private static Map<String, String> transport(HttpResponse<?> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().firstValue("Allow").ifPresent(v -> headers.put("allow", v));
        response.headers().firstValue("Retry-After").ifPresent(v -> headers.put("retry-after", v));
        response.headers().firstValue("Content-Type").ifPresent(v -> headers.put("content-type", v));
        return headers;
    }
}
