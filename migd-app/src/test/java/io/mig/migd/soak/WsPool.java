package io.mig.migd.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket streams over a few long-lived connections, each running at most {@link #PER_SOCKET}
 * streams at once (below the gateway's {@code MIGD_WS_MAX_STREAMS}, 16, so the soak never hits
 * that cap on purpose). A stream's answer is its terminal frame: {@code end_stream: true} or an
 * {@code error} frame.
 */
final class WsPool implements AutoCloseable {
    static final int PER_SOCKET = 12;
    private static final int MAX_SOCKETS = 32;

    private final HttpClient client;
    private final URI uri;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    WsPool(HttpClient client, URI uri) {
        this.client = client;
        this.uri = uri;
    }

    /** Starts one stream; completes with its terminal frame's outcome, exceptionally when the socket is lost first. */
    CompletableFuture<Answer> stream(String capability, String input) {
        Socket socket = pick();
        if (socket == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no WebSocket could be opened"));
        }
        String id = "s" + ids.incrementAndGet();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        socket.pending.put(id, answer);
        String frame = MigJson.object().put("kind", "request").put("stream_id", id).put("capability", capability)
                .put("stream_preference", "server_stream")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("header", MigJson.object().put("tenant_id", Soak.TENANT))
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("payload", MigJson.object().put("input", input))
                .toString();
        socket.send(frame).whenComplete((ws, failure) -> {
            if (failure != null) {
                socket.pending.remove(id);
                answer.completeExceptionally(failure);
            }
        });
        return answer;
    }

    private synchronized Socket pick() {
        sockets.removeIf(s -> s.closed);
        Socket best = null;
        for (Socket s : sockets) {
            if (s.pending.size() < PER_SOCKET && (best == null || s.pending.size() < best.pending.size())) {
                best = s;
            }
        }
        if (best == null && sockets.size() < MAX_SOCKETS) {
            try {
                best = new Socket();
                best.socket = client.newWebSocketBuilder().header("X-Tenant-ID", Soak.TENANT)
                        .buildAsync(uri, best).get(10, TimeUnit.SECONDS);
                sockets.add(best);
            } catch (Exception e) {
                return null;
            }
        }
        return best;
    }

    synchronized int open() {
        sockets.removeIf(s -> s.closed);
        return sockets.size();
    }

    @Override
    public synchronized void close() {
        for (Socket s : sockets) {
            s.lost();
            if (s.socket != null) {
                s.socket.abort();
            }
        }
        sockets.clear();
    }

    /** One connection and the streams waiting on it. */
    private static final class Socket implements WebSocket.Listener {
        final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;
        volatile boolean closed;
        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

        /** The JDK's WebSocket allows one outstanding send: chain them. */
        synchronized CompletableFuture<WebSocket> send(String text) {
            sending = sending.handle((ws, ignored) -> null).thenCompose(ignored -> socket.sendText(text, true));
            return sending;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = MigJson.readObject(partial.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                partial.setLength(0);
                terminal(frame);
            }
            webSocket.request(1);
            return null;
        }

        private void terminal(JsonNode frame) {
            String id = frame.path("stream_id").asText("");
            boolean error = frame.path("kind").asText().equals("error") || frame.has("error");
            if (!error && !frame.path("end_stream").asBoolean()) {
                return;
            }
            CompletableFuture<Answer> answer = pending.remove(id);
            if (answer != null) {
                answer.complete(error ? Answer.error(frame.path("error").path("code").asText("NO_CODE")) : Answer.OK);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost();
        }

        void lost() {
            closed = true;
            pending.forEach((id, answer) -> answer.completeExceptionally(new java.io.EOFException("WebSocket closed")));
            pending.clear();
        }
    }
}
