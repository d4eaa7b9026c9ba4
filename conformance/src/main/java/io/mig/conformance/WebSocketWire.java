package io.mig.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.conformance.kit.MigWire;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * MIG over the HTTP binding's WebSocket ({@code GET /mig/v0.1/stream}, SPEC §3.5) for the kit:
 * INVOKE (unary and streamed) and CANCEL are stream frames on one connection per set of
 * credentials (the tenant as {@code X-Tenant-ID} and the token at the upgrade, the body's tenant
 * in each frame's header; a call with a tenant only in its body upgrades with the
 * {@code tenant_id} query parameter, as a browser must, SPEC §3.2). The WebSocket is the HTTP binding's stream path: the operations it has
 * no frame for (HELLO, DISCOVER, PUBLISH, SUBSCRIBE, HEARTBEAT) go over its HTTP host.
 */
final class WebSocketWire implements MigWire {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private final HttpWire http;
    private final URI uri;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** Over the same host as {@code http}: {@code http://h:p} becomes {@code ws://h:p/mig/v0.1/stream}. */
    WebSocketWire(HttpWire http) {
        this.http = http;
        this.uri = URI.create(http.baseUrl().replaceFirst("^http", "ws") + "/mig/v0.1/stream");
    }

    @Override
    public String name() {
        return "ws";
    }

    @Override
    public String binding() {
        return "http";
    }

    @Override
    public Credentials defaults() {
        return http.defaults();
    }

    @Override
    public Outcome hello(Call call) throws Exception {
        return http.hello(call);
    }

    @Override
    public Outcome discover(Call call) throws Exception {
        return http.discover(call);
    }

    @Override
    public Outcome publish(Call call) throws Exception {
        return http.publish(call);
    }

    @Override
    public Events subscribe(Call call) throws Exception {
        return http.subscribe(call);
    }

    @Override
    public Outcome heartbeat(Call call) throws Exception {
        return http.heartbeat(call);
    }

    @Override
    public Outcome invoke(Call call) throws Exception {
        Connection connection;
        try {
            connection = connection(call);
        } catch (Refused refused) {
            return refused.outcome;
        }
        try (Frames frames = connection.start(call.body(), false)) {
            JsonNode frame;
            do {
                frame = frames.next(ANSWER);
                if (frame == null) {
                    throw new IOException("no terminal frame within " + ANSWER.toSeconds() + " s");
                }
            } while (!terminal(frame));
            return new Outcome(envelope(frame), null);
        }
    }

    @Override
    public Frames invokeStream(Call call) throws Exception {
        try {
            return connection(call).start(call.body(), true);
        } catch (Refused refused) {
            ObjectNode frame = ((ObjectNode) refused.outcome.envelope()).deepCopy().put("kind", "error").put("end_stream", true);
            BlockingQueue<JsonNode> one = new LinkedBlockingQueue<>(java.util.List.of(frame));
            return new Frames() {
                @Override
                public JsonNode next(Duration timeout) {
                    return one.poll();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** A {@code control} frame {@code {action: cancel, target_message_id}}; its acknowledgement is the answer. */
    @Override
    public Outcome cancel(Call call) throws Exception {
        Connection connection;
        try {
            connection = connection(call);
        } catch (Refused refused) {
            return refused.outcome;
        }
        String target = call.body().path("target_message_id").asText();
        ObjectNode frame = JSON.createObjectNode();
        frame.set("header", call.body().path("header"));
        frame.put("kind", "control");
        frame.putObject("payload").put("action", "cancel").put("target_message_id", target)
                .put("reason", call.body().path("reason").asText("cancelled by the conformance kit"));
        BlockingQueue<JsonNode> acks = connection.acks(target);
        connection.send(frame.toString());
        JsonNode ack = acks.poll(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        connection.ackDone(target);
        if (ack == null) {
            throw new IOException("no acknowledgement of the cancel within " + ANSWER.toSeconds() + " s");
        }
        if ("error".equals(ack.path("kind").asText())) {
            return new Outcome(envelope(ack), null);
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("header", ack.path("header"));
        answer.put("target_message_id", target);
        answer.setAll((ObjectNode) ack.path("payload"));
        return new Outcome(answer, null);
    }

    /** Sends {@code text} as a text frame; the answer is the error frame the server sends back. */
    @Override
    public Outcome malformed(String operation, String text) throws Exception {
        Connection connection = connection(new Call(JSON.createObjectNode(), defaults()));
        connection.send(text);
        JsonNode frame = connection.stray.poll(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new IOException("no answer to a malformed frame within " + ANSWER.toSeconds() + " s");
        }
        return new Outcome(envelope(frame), null);
    }

    @Override
    public void close() {
        connections.values().forEach(Connection::close);
        connections.clear();
    }

    private static boolean terminal(JsonNode frame) {
        return frame.path("end_stream").asBoolean() || "error".equals(frame.path("kind").asText());
    }

    /** A terminal frame as the INVOKE answer: {@code {header, capability, payload}} or {@code {header, error}}. */
    private static ObjectNode envelope(JsonNode frame) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("header", frame.path("header").isObject() ? frame.path("header") : JSON.createObjectNode());
        if ("error".equals(frame.path("kind").asText()) || frame.has("error") && frame.path("error").isObject()) {
            envelope.set("error", frame.path("error"));
        } else {
            envelope.set("capability", frame.path("capability"));
            envelope.set("payload", frame.path("payload"));
        }
        return envelope;
    }

    private Connection connection(Call call) throws Refused, InterruptedException {
        Credentials credentials = call.credentials();
        String bodyTenant = credentials.tenantHeader() == null ? call.body().path("header").path("tenant_id").asText(null) : null;
        URI target = bodyTenant == null ? uri : URI.create(uri + "?tenant_id=" + URLEncoder.encode(bodyTenant, StandardCharsets.UTF_8));
        String key = credentials + " " + target;
        Connection open = connections.get(key);
        if (open != null && !open.socket.isInputClosed()) {
            return open;
        }
        Connection connection = Connection.open(http, target, credentials);
        connections.put(key, connection);
        return connection;
    }

    /** The upgrade was refused; {@link #outcome} is the refusal as an answer. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Outcome outcome;

        Refused(Outcome outcome) {
            super(outcome.envelope().toString(), null, false, false);
            this.outcome = outcome;
        }
    }

    /** One socket: frames dispatched to the stream they name, acknowledgements to their target, the rest aside. */
    private static final class Connection implements WebSocket.Listener {
        private final Map<String, BlockingQueue<JsonNode>> streams = new ConcurrentHashMap<>();
        private final Map<String, BlockingQueue<JsonNode>> acks = new ConcurrentHashMap<>();
        private final BlockingQueue<JsonNode> stray = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Connection open(HttpWire http, URI uri, Credentials credentials) throws Refused, InterruptedException {
            Connection connection = new Connection();
            WebSocket.Builder builder = http.client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
            if (credentials.tenantHeader() != null) {
                builder.header("X-Tenant-ID", credentials.tenantHeader());
            }
            if (credentials.token() != null) {
                builder.header("Authorization", "Bearer " + credentials.token());
            }
            try {
                connection.socket = builder.buildAsync(uri, connection).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    HttpResponse<?> response = refused.getResponse();
                    Object body = response.body();
                    JsonNode envelope;
                    try {
                        envelope = JSON.readTree(body == null ? "{}" : body.toString());
                    } catch (IOException notJson) {
                        envelope = JSON.createObjectNode().put("_not_json", String.valueOf(body));
                    }
                    throw new Refused(new Outcome(envelope, String.valueOf(response.statusCode())));
                }
                throw e;
            }
            return connection;
        }

        /** Sends a request frame; its stream id is {@code kit-<message_id>}. */
        Frames start(JsonNode body, boolean streamed) {
            ObjectNode frame = JSON.createObjectNode();
            frame.set("header", body.path("header"));
            String streamId = "kit-" + body.path("header").path("message_id").asText(java.util.UUID.randomUUID().toString());
            frame.put("stream_id", streamId).put("kind", "request");
            frame.set("capability", body.path("capability"));
            frame.set("payload", body.path("payload"));
            if (streamed) {
                frame.put("stream_preference", "server_stream");
            }
            BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
            streams.put(streamId, queue);
            send(frame.toString());
            return new Frames() {
                /**
                 * The stream's next frame; an error frame naming no stream is taken too: the
                 * gateway answers a request frame it could not decode without its stream_id.
                 */
                @Override
                public JsonNode next(Duration timeout) throws InterruptedException {
                    long until = System.nanoTime() + timeout.toNanos();
                    do {
                        JsonNode frame = queue.poll(50, TimeUnit.MILLISECONDS);
                        if (frame != null) {
                            return frame;
                        }
                        JsonNode stray = strayError();
                        if (stray != null) {
                            return stray;
                        }
                    } while (System.nanoTime() < until);
                    return null;
                }

                @Override
                public void close() {
                    streams.remove(streamId);
                }
            };
        }

        private synchronized JsonNode strayError() {
            JsonNode frame = stray.peek();
            return frame != null && "error".equals(frame.path("kind").asText()) && frame.path("stream_id").asText("").isEmpty()
                    ? stray.poll() : null;
        }

        BlockingQueue<JsonNode> acks(String target) {
            return acks.computeIfAbsent(target, t -> new LinkedBlockingQueue<>());
        }

        void ackDone(String target) {
            acks.remove(target);
        }

        synchronized void send(String text) {
            socket.sendText(text, true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                dispatch(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(String text) {
            JsonNode frame;
            try {
                frame = JSON.readTree(text);
            } catch (IOException e) {
                frame = JSON.createObjectNode().put("_not_json", text);
            }
            String streamId = frame.path("stream_id").asText("");
            BlockingQueue<JsonNode> ack = "control".equals(frame.path("kind").asText()) ? acks.get(streamId) : null;
            BlockingQueue<JsonNode> stream = streams.get(streamId);
            if (ack != null) {
                ack.add(frame);
            } else if (stream != null) {
                stream.add(frame);
            } else if (acks.size() == 1 && "error".equals(frame.path("kind").asText()) && streamId.isEmpty()) {
                // a refused control frame names no stream: it answers the one cancel waiting
                acks.values().iterator().next().add(frame);
            } else {
                stray.add(frame);
            }
        }

        void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
            socket.abort();
        }
    }
}
