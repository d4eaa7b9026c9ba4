package io.mig.binding.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.spi.ProviderFailures;
import io.mig.core.json.MigJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * migd's MCP client for one upstream server over Streamable HTTP, in whichever era the server
 * speaks. The first call finds out: a modern request ({@code server/discover}, 2026-07-28) that a
 * modern server answers, else the legacy {@code initialize} + {@code notifications/initialized}
 * handshake (2025-11-25 down to 2025-03-26), whose {@code Mcp-Session-Id} is then sent with every
 * request. One session serves every call to the server; when the server forgets it (HTTP 404 on
 * a request that carried it) the session is opened anew and the request sent once more.
 *
 * <p>Each call runs on a thread of the client's executor for as long as its answer (JSON, or an
 * SSE stream of progress notifications and then the response) is read; {@link Call#cancel}
 * closes that stream (the modern era's cancellation) and, in the legacy era, also sends
 * {@code notifications/cancelled}.
 */
final class McpSession {
    static final String MODERN_VERSION = "2026-07-28";
    static final String LEGACY_VERSION = "2025-11-25";
    private static final String CLIENT_NAME = "migd";
    static final int MAX_ANSWER_CHARS = 16 * 1024 * 1024;

    enum Era { LEGACY, MODERN }

    /** What the handshake settled: the era, the protocol version, and the legacy session id (null: none). */
    record State(Era era, String protocolVersion, String sessionId) {
    }

    private final McpEndpoint endpoint;
    private final HttpClient http;
    private final Executor executor;
    private final String clientVersion;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong handshakes = new AtomicLong();
    private State state;
    private Era knownEra;

    McpSession(McpEndpoint endpoint, HttpClient http, Executor executor, String clientVersion) {
        this.endpoint = endpoint;
        this.http = http;
        this.executor = executor;
        this.clientVersion = clientVersion;
    }

    McpEndpoint endpoint() {
        return endpoint;
    }

    /** How many times a session was opened (handshakes), for the admin view and tests. */
    long handshakes() {
        return handshakes.get();
    }

    /**
     * Sends one request and returns at once.
     *
     * @param name     the tool (or resource) the request is about, for the {@code Mcp-Name} header; null: none
     * @param progress told of each {@code notifications/progress} of this request; null: progress is not asked for
     * @param timeout  how long the whole exchange may take
     */
    Call call(String method, ObjectNode params, String name, Consumer<ObjectNode> progress, Duration timeout) {
        return call(method, params, name, progress, timeout, null);
    }

    /** As {@link #call(String, ObjectNode, String, Consumer, Duration)}, with the caller's W3C {@code traceparent}. */
    Call call(String method, ObjectNode params, String name, Consumer<ObjectNode> progress, Duration timeout,
              String traceparent) {
        Call call = new Call(method, params, name, progress, timeout, traceparent, null);
        executor.execute(call::run);
        return call;
    }

    /**
     * Opens a modern-era {@code subscriptions/listen} stream for {@code filter} (e.g.
     * {@code {"toolsListChanged": true}}); every notification on it goes to {@code notifications}.
     * The call ends when the server ends the subscription or the stream breaks; cancel it to stop.
     */
    Call listen(ObjectNode filter, Consumer<JsonNode> notifications) {
        ObjectNode params = MigJson.object();
        params.set("notifications", filter);
        Call call = new Call("subscriptions/listen", params, null, null, Duration.ofDays(365), null, notifications);
        executor.execute(call::run);
        return call;
    }

    /** The session state, opening a session first when there is none. */
    synchronized State state(Duration timeout) {
        if (state == null) {
            state = open(timeout);
            handshakes.incrementAndGet();
        }
        return state;
    }

    /** Forgets a session the server no longer knows, unless another call opened a new one already. */
    synchronized void expire(State expired) {
        if (state == expired) {
            state = null;
        }
    }

    private State open(Duration timeout) {
        if (knownEra == Era.LEGACY) {
            return initialize(timeout); // the era is the server's: a re-opened session skips the probe
        }
        ObjectNode discover = MigJson.object();
        JsonNode answer = exchange(null, message(ids.incrementAndGet(), "server/discover", discover, null), null, timeout)
                .answer();
        if (answer != null && answer.path("result").path("supportedVersions").isArray()) {
            for (JsonNode version : answer.path("result").path("supportedVersions")) {
                if (MODERN_VERSION.equals(version.asText())) {
                    knownEra = Era.MODERN;
                    return new State(Era.MODERN, MODERN_VERSION, null);
                }
            }
        }
        // anything else (an HTTP error without a modern JSON-RPC error, -32601, a version we lack): legacy
        State legacy = initialize(timeout);
        knownEra = Era.LEGACY;
        return legacy;
    }

    private State initialize(Duration timeout) {
        ObjectNode params = MigJson.object().put("protocolVersion", LEGACY_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", CLIENT_NAME).put("version", clientVersion);
        State handshake = new State(Era.LEGACY, null, null);
        Exchange init = exchange(handshake, message(ids.incrementAndGet(), "initialize", params, handshake), null, timeout);
        ObjectNode result = init.result();
        String version = result.path("protocolVersion").asText(LEGACY_VERSION);
        State opened = new State(Era.LEGACY, version, init.sessionId());
        sendNotification(opened, "notifications/initialized", MigJson.object(), timeout);
        return opened;
    }

    /**
     * Opens the legacy era's standalone GET event stream of a session (server-initiated messages
     * such as {@code notifications/tools/list_changed}); the caller reads and closes it.
     */
    HttpResponse<InputStream> openEventStream(State at) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url()).GET().header("Accept", "text/event-stream");
        endpoint.headers().forEach(request::header);
        request.header("Mcp-Session-Id", at.sessionId());
        if (at.protocolVersion() != null && at.protocolVersion().compareTo("2025-06-18") >= 0) {
            request.header("MCP-Protocol-Version", at.protocolVersion());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    Executor executor() {
        return executor;
    }

    /** Sends a notification and waits for the server to accept it. */
    void sendNotification(State at, String method, ObjectNode params, Duration timeout) {
        ObjectNode message = MigJson.object().put("jsonrpc", "2.0").put("method", method);
        message.set("params", params);
        exchange(at, message, null, timeout);
    }

    private ObjectNode message(long id, String method, ObjectNode params, State at) {
        ObjectNode message = MigJson.object().put("jsonrpc", "2.0").put("id", id).put("method", method);
        ObjectNode withMeta = params.deepCopy();
        if (at == null || at.era() == Era.MODERN) {
            ObjectNode meta = withMeta.with("_meta");
            meta.put("io.modelcontextprotocol/protocolVersion", MODERN_VERSION);
            meta.putObject("io.modelcontextprotocol/clientInfo").put("name", CLIENT_NAME).put("version", clientVersion);
            meta.putObject("io.modelcontextprotocol/clientCapabilities");
        }
        message.set("params", withMeta);
        return message;
    }

    /**
     * One POST and its whole answer. {@code at} null means the modern probe (headers of the modern
     * era, no session). Registers the response body with {@code call} so it can be closed.
     */
    private Exchange exchange(State at, ObjectNode message, Call call, Duration timeout) {
        boolean modern = at == null || at.era() == Era.MODERN;
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(MigJson.encode(message)));
        endpoint.headers().forEach(request::header);
        String method = message.path("method").asText();
        if (modern) {
            request.header("MCP-Protocol-Version", MODERN_VERSION).header("Mcp-Method", method);
            String name = message.path("params").path("name").asText(null);
            if (name != null) {
                request.header("Mcp-Name", HeaderValues.encode(name));
            }
        } else {
            if (at.sessionId() != null) {
                request.header("Mcp-Session-Id", at.sessionId());
            }
            // the header exists since 2025-06-18; dates compare as strings
            if (at.protocolVersion() != null && at.protocolVersion().compareTo("2025-06-18") >= 0) {
                request.header("MCP-Protocol-Version", at.protocolVersion());
            }
        }
        if (call != null && call.traceparent != null) {
            request.header("traceparent", call.traceparent);
        }
        HttpResponse<InputStream> response = send(request.build(), call, timeout);
        if (call != null && !call.attach(response.body())) {
            close(response.body());
            throw cancelledCall(call);
        }
        return read(at, message, response, call);
    }

    private HttpResponse<InputStream> send(HttpRequest request, Call call, Duration timeout) {
        CompletableFuture<HttpResponse<InputStream>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        if (call != null) {
            call.sending = sent;
            if (call.cancelled) {
                sent.cancel(true);
            }
        }
        try {
            return sent.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sent.cancel(true);
            throw MigException.unavailable("interrupted while calling the MCP server");
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw MigException.unavailable("the MCP server did not answer in time");
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            if (call != null && call.cancelled) {
                throw cancelledCall(call);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw ProviderFailures.unreachable("the MCP server", cause);
        }
    }

    private Exchange read(State at, ObjectNode message, HttpResponse<InputStream> response, Call call) {
        int status = response.statusCode();
        String sessionId = response.headers().firstValue("Mcp-Session-Id").orElse(null);
        boolean notification = !message.has("id");
        try (InputStream body = response.body()) {
            if (status == 404 && at != null && at.sessionId() != null) {
                throw new SessionExpired(at);
            }
            if (notification && status >= 200 && status < 300) {
                return new Exchange(status, sessionId, null);
            }
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            JsonNode answer = type.startsWith("text/event-stream")
                    ? fromEvents(new SseEvents(body, MAX_ANSWER_CHARS), message.path("id"), call)
                    : parse(readAll(body));
            if (answer == null && (status < 200 || status >= 300)) {
                if (at == null) {
                    return new Exchange(status, sessionId, null); // the modern probe: a legacy server's refusal
                }
                throw MigException.internal("the MCP server answered HTTP " + status).withReason(ErrorReason.PROVIDER_FAILED)
                        .withDetail("upstream_status", status);
            }
            return new Exchange(status, sessionId, answer);
        } catch (IOException e) {
            if (call != null && call.cancelled) {
                throw cancelledCall(call);
            }
            throw ProviderFailures.unreachable("the MCP server", e);
        }
    }

    /** Reads events until the response to {@code id}; progress notifications go to the call's listener. */
    private JsonNode fromEvents(SseEvents events, JsonNode id, Call call) throws IOException {
        String data;
        while ((data = events.next()) != null) {
            JsonNode event = parse(data);
            if (event == null) {
                continue;
            }
            // compared as text: the server's 7 may be read back as an int where ours is a long
            if (event.hasNonNull("id") && event.get("id").asText().equals(id.asText())
                    && (event.has("result") || event.has("error"))) {
                return event;
            }
            if (call != null && call.notifications != null && event.has("method") && !event.has("id")) {
                call.notifications.accept(event);
            }
            if (call != null && call.progress != null && "notifications/progress".equals(event.path("method").asText())
                    && event.path("params").path("progressToken").asText("").equals(call.progressToken)) {
                call.progress.accept(progressOf(event.path("params")));
            }
            // other notifications and server-to-client requests (sampling, elicitation) are not served
        }
        throw MigException.unavailable("the MCP server closed its event stream before answering");
    }

    private static ObjectNode progressOf(JsonNode params) {
        ObjectNode item = MigJson.object();
        for (String field : new String[] {"progress", "total", "message"}) {
            if (params.hasNonNull(field)) {
                item.set(field, params.get(field));
            }
        }
        return item;
    }

    private static String readAll(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_ANSWER_CHARS + 1);
        if (bytes.length > MAX_ANSWER_CHARS) {
            throw new IOException("the answer is over " + MAX_ANSWER_CHARS + " bytes");
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MigJson.mapper().readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    private static MigException cancelledCall(Call call) {
        return MigException.cancelled(call.reason);
    }

    /** A JSON-RPC answer (null for an accepted notification) with the session id the server set. */
    private record Exchange(int status, String sessionId, JsonNode answer) {
        ObjectNode result() {
            if (answer == null) {
                throw MigException.internal("the MCP server answered HTTP " + status + " without a JSON-RPC response")
                        .withReason(ErrorReason.PROVIDER_FAILED).withDetail("upstream_status", status);
            }
            if (answer.has("error")) {
                throw RpcErrors.toMig(answer.get("error"));
            }
            if (!(answer.get("result") instanceof ObjectNode result)) {
                throw MigException.internal("the MCP server's response has no result object").withReason(ErrorReason.PROVIDER_FAILED);
            }
            return result;
        }
    }

    /** The server no longer knows the session the request carried. */
    private static final class SessionExpired extends RuntimeException {
        final State state;

        SessionExpired(State state) {
            super(null, null, false, false);
            this.state = state;
        }
    }

    /** One request in flight: its result, and the means to abort it. */
    final class Call {
        private final String method;
        private final ObjectNode params;
        private final Duration timeout;
        private final Consumer<ObjectNode> progress;
        private final String progressToken;
        private final CompletableFuture<ObjectNode> result = new CompletableFuture<>();
        private final String traceparent;
        private final Consumer<JsonNode> notifications;
        private volatile InputStream body;
        private volatile CompletableFuture<?> sending;
        private volatile boolean cancelled;
        private volatile String reason;
        private volatile long requestId = -1;
        private volatile State sentWith;

        private Call(String method, ObjectNode params, String name, Consumer<ObjectNode> progress, Duration timeout,
                     String traceparent, Consumer<JsonNode> notifications) {
            this.traceparent = traceparent;
            this.notifications = notifications;
            this.method = method;
            this.params = params;
            this.timeout = timeout;
            this.progress = progress;
            this.progressToken = progress == null ? null : "migd-" + Long.toHexString(ids.incrementAndGet());
            if (name != null) {
                params.put("name", name);
            }
        }

        /** The {@code result} object of the response; fails with the MIG error the answer means. */
        CompletableFuture<ObjectNode> result() {
            return result;
        }

        /**
         * Aborts the request: closes its answer stream and, in the legacy era, tells the server with
         * {@code notifications/cancelled}. The result fails with a {@link java.util.concurrent.CancellationException}.
         */
        void cancel(String why) {
            if (cancelled || result.isDone()) {
                return;
            }
            reason = why == null ? "cancelled" : why;
            cancelled = true;
            State at = sentWith;
            long id = requestId;
            CompletableFuture<?> inFlight = sending;
            if (inFlight != null) {
                inFlight.cancel(true);
            }
            InputStream open = body;
            if (open != null) {
                close(open);
            }
            result.cancel(false);
            if (at != null && at.era() == Era.LEGACY && id >= 0) {
                ObjectNode note = MigJson.object().put("requestId", id).put("reason", reason);
                executor.execute(() -> {
                    try {
                        sendNotification(at, "notifications/cancelled", note, Duration.ofSeconds(5));
                    } catch (RuntimeException ignored) {
                        // best effort: the stream is closed, which a server also sees
                    }
                });
            }
        }

        private boolean attach(InputStream stream) {
            body = stream;
            return !cancelled;
        }

        private void run() {
            try {
                result.complete(attempt(false));
            } catch (RuntimeException e) {
                result.completeExceptionally(cancelled ? new java.util.concurrent.CancellationException(reason) : e);
            }
        }

        private ObjectNode attempt(boolean retried) {
            State at = state(timeout);
            ObjectNode sent = params.deepCopy();
            if (progressToken != null) {
                sent.with("_meta").put("progressToken", progressToken);
            }
            long id = ids.incrementAndGet();
            ObjectNode message = message(id, method, sent, at);
            requestId = id;
            sentWith = at;
            try {
                return exchange(at, message, this, timeout).result();
            } catch (SessionExpired e) {
                expire(e.state);
                if (retried || cancelled) {
                    throw MigException.unavailable("the MCP server forgot the session again right after it was opened");
                }
                return attempt(true);
            }
        }
    }
}
