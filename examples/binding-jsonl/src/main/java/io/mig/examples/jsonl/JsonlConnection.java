package io.mig.examples.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.spi.BindingGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.EventMessage;
import io.mig.core.model.HeartbeatRequest;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.PublishRequest;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.port.out.Connection;
import io.mig.core.port.out.ConnectionRegistry;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One TCP connection of the JSON-lines binding. A request line is
 * {@code {"id", "op", "tenant"?, "token"?, "actor"?, "stream"?, "body"}}, where {@code body} is the MIG request
 * as over HTTP; every answer line carries the request's {@code id}. Requests run concurrently: a
 * slow INVOKE does not hold up the lines after it. Framing and flow control are all this class
 * does; the gateway does everything MIG.
 */
final class JsonlConnection {
    private static final System.Logger LOG = System.getLogger("migd.jsonl");

    private final BindingGateway gateway;
    private final Socket socket;
    private final String remote;
    private final int maxLineBytes;
    private final BooleanSupplier draining;
    private final Consumer<JsonlConnection> onClosed;
    private final JsonlErrors errors;
    private final OutputStream out;
    /** Streams and subscriptions still open, by the id of the line that opened them. */
    private final Map<String, OpenCall> open = new ConcurrentHashMap<>();
    /** Unary answers not yet written. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    JsonlConnection(BindingGateway gateway, Socket socket, int maxLineBytes, BooleanSupplier draining,
                    Consumer<JsonlConnection> onClosed) throws IOException {
        this.gateway = gateway;
        this.socket = socket;
        this.remote = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        this.maxLineBytes = maxLineBytes;
        this.draining = draining;
        this.onClosed = onClosed;
        this.errors = new JsonlErrors(gateway.errors());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    void start() {
        Thread reader = new Thread(this::read, "jsonl-" + remote);
        reader.setDaemon(true);
        reader.start();
    }

    /** Whether work the drain should wait for is in flight: unary answers and streams (not subscriptions). */
    boolean busy() {
        return pending.get() > 0 || open.values().stream().anyMatch(call -> call.kind.equals("stream"));
    }

    private void read() {
        try {
            LineReader lines = new LineReader(new BufferedInputStream(socket.getInputStream()), maxLineBytes);
            LineReader.Line line;
            while ((line = lines.next()) != null) {
                if (line.tooLong()) {
                    fail(null, null, null, MigException.invalid("the request line is longer than " + maxLineBytes + " bytes")
                            .withDetail("max_line_bytes", maxLineBytes));
                } else if (line.bytes().length > 0) {
                    handle(line.bytes());
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "jsonl connection " + remote + " ended: " + e.getMessage());
        } finally {
            close(null);
        }
    }

    private void handle(byte[] line) {
        String id = null;
        String op = null;
        ObjectNode body = null;
        try {
            ObjectNode request = MigJson.readObject(line);
            id = text(request, "id");
            op = text(request, "op");
            JsonNode given = request.get("body");
            body = given instanceof ObjectNode b ? b : MigJson.object();
            if (given != null && !given.isObject() && !given.isNull()) {
                throw MigException.invalid("\"body\" must be a JSON object (the MIG request)").withDetail("field", "body");
            }
            if (id == null) {
                throw MigException.invalid("every request line needs an \"id\"; answers carry it back")
                        .withDetail("field", "id");
            }
            CallContext call = new CallContext(JsonlBinding.NAME,
                    new Credentials(text(request, "token"), text(request, "tenant"), text(request, "actor")), remote);
            if (draining.getAsBoolean()) {
                MigException refusal = MigException.unavailable("the gateway is shutting down");
                if ("invoke".equals(op)) {
                    gateway.errors().invokeRefused(call, text(body, "capability"), refusal); // still audited
                }
                throw refusal;
            }
            dispatch(id, op, call, body, request.path("stream").asBoolean(false));
        } catch (RuntimeException e) {
            fail(id, op, body, MigException.from(e));
        }
    }

    private void dispatch(String id, String op, CallContext call, ObjectNode body, boolean streamAsked) {
        switch (op == null ? "" : op) {
            case "hello" -> answer(id, op, gateway.hello(call, MigJson.convert(body, HelloRequest.class)));
            case "discover" -> answer(id, op, gateway.discover(call, MigJson.convert(body, DiscoverRequest.class)));
            case "heartbeat" -> answer(id, op, gateway.heartbeat(call, MigJson.convert(body, HeartbeatRequest.class)));
            case "publish" -> answer(id, op, gateway.publish(call, MigJson.convert(body, PublishRequest.class)));
            case "cancel" -> answer(id, op, gateway.cancel(call, MigJson.convert(body, CancelRequest.class)));
            case "invoke" -> invoke(id, call, body, streamAsked);
            case "subscribe" -> subscribe(id, call, body);
            case "unsubscribe" -> unsubscribe(id, body);
            default -> throw MigException.notFound("no MIG operation '" + op + "'; expected one of "
                    + List.copyOf(new java.util.TreeSet<>(JsonlErrors.OPERATIONS))).withDetail("field", "op");
        }
    }

    private void invoke(String id, CallContext call, ObjectNode body, boolean streamAsked) {
        InvokeRequest request;
        try {
            request = MigJson.convert(body, InvokeRequest.class);
        } catch (MigException e) {
            gateway.errors().invokeRefused(call, text(body, "capability"), e); // refused before the pipeline: still audited
            throw e;
        }
        // the core decides whether the answer streams; this binding's own signal is "stream": true on the line
        if (!gateway.prefersStream(request, streamAsked)) {
            pending.incrementAndGet();
            gateway.invoke(call, request).whenComplete((response, error) -> {
                try {
                    if (error != null) {
                        fail(id, "invoke", body, MigException.from(error));
                    } else {
                        answer(id, "invoke", response);
                    }
                } finally {
                    pending.decrementAndGet();
                }
            });
            return;
        }
        if (streamAsked && request.streamPreference() == null) { // "stream": true asks for a server stream
            request = new InvokeRequest(request.header(), request.capability(), request.payload(),
                    StreamPreference.SERVER_STREAM);
        }
        OpenCall stream = reserve(id, "stream", Map.of("capability", String.valueOf(request.capability())),
                tenant(call, request.header()));
        gateway.stream(call, request, null).whenComplete((frames, error) -> {
            if (error != null) {
                release(id);
                fail(id, "invoke", body, MigException.from(error));
            } else {
                frames.subscribe(new Lines<StreamFrame>(id, stream, body, "frame") {
                    @Override
                    boolean last(StreamFrame frame) {
                        return Boolean.TRUE.equals(frame.endStream());
                    }
                });
            }
        });
    }

    private void subscribe(String id, CallContext call, ObjectNode body) {
        SubscribeRequest request = MigJson.convert(body, SubscribeRequest.class);
        OpenCall subscription = reserve(id, "subscribe", Map.of("topic", String.valueOf(request.topic())),
                tenant(call, request.header()));
        Flow.Publisher<EventMessage> events;
        try {
            events = gateway.subscribe(call, request);
        } catch (RuntimeException e) {
            release(id);
            throw e;
        }
        events.subscribe(new Lines<EventMessage>(id, subscription, body, "event") {
            @Override
            void opened() {
                ObjectNode ack = line(id, "subscribe");
                ack.put("subscribed", true); // live from here on: the client may publish and expect to see it
                write(ack);
            }
        });
    }

    /** Ends the subscription (or stream) opened by the line {@code body.target}; answers {@code unsubscribed}. */
    private void unsubscribe(String id, ObjectNode body) {
        String target = text(body, "target");
        OpenCall call = target == null ? null : open.get(target);
        if (call == null) {
            throw MigException.notFound("no open subscription or stream with id '" + target + "' on this connection")
                    .withDetail("field", "body.target");
        }
        call.cancel();
        release(target);
        ObjectNode answer = line(id, "unsubscribe");
        answer.put("unsubscribed", target);
        write(answer);
    }

    /** Claims {@code id} for a long-lived call, registered in the admin connection view while it runs. */
    private OpenCall reserve(String id, String kind, Map<String, String> meta, String tenant) {
        OpenCall call = new OpenCall(kind);
        if (open.putIfAbsent(id, call) != null) {
            throw MigException.invalid("id '" + id + "' already names an open " + kind + " on this connection")
                    .withDetail("field", "id");
        }
        call.registration = gateway.connections().register(new Connection(null, JsonlBinding.NAME.wire(), kind,
                tenant, null, remote, Instant.now().toString(), meta));
        return call;
    }

    private void release(String id) {
        OpenCall call = open.remove(id);
        if (call != null && call.registration != null) {
            call.registration.close();
        }
    }

    /** Ends the connection; with a {@code reason}, every open call first gets a {@code MIG_UNAVAILABLE} line. */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Map.Entry<String, OpenCall> entry : Map.copyOf(open).entrySet()) {
            entry.getValue().cancel(); // cancels the provider of a stream
            if (reason != null) {
                fail(entry.getKey(), entry.getValue().kind.equals("stream") ? "invoke" : "subscribe", null,
                        MigException.unavailable(reason));
            }
            release(entry.getKey());
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing jsonl connection " + remote + ": " + e.getMessage());
        }
        onClosed.accept(this);
    }

    private void answer(String id, String op, Object body) {
        ObjectNode line = line(id, op);
        line.set("body", MigJson.toObjectNode(body));
        write(line);
    }

    private void fail(String id, String op, ObjectNode body, MigException error) {
        ObjectNode line = line(id, op);
        line.set("error", MigJson.toObjectNode(errors.envelope(op, body, error)));
        write(line);
    }

    private static ObjectNode line(String id, String op) {
        ObjectNode line = MigJson.object();
        line.put("id", id);
        if (op != null) {
            line.put("op", op);
        }
        return line;
    }

    /** One line out; lines of concurrent calls never interleave. A dead socket ends the connection. */
    private void write(ObjectNode line) {
        byte[] bytes = MigJson.encode(line);
        synchronized (out) {
            try {
                out.write(bytes);
                out.write('\n');
                out.flush();
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "writing to jsonl connection " + remote + ": " + e.getMessage());
            }
        }
        close(null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }

    /** The tenant the connection view shows: the request header's, else the line's (the core validated it). */
    private static String tenant(CallContext call, MessageHeader header) {
        return header != null && header.tenantId() != null ? header.tenantId() : call.credentials().tenantHint();
    }

    /** A stream or subscription running on this connection. */
    private static final class OpenCall {
        final String kind;
        volatile Flow.Subscription subscription;
        volatile boolean cancelled;
        volatile ConnectionRegistry.Handle registration;

        OpenCall(String kind) {
            this.kind = kind;
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /**
     * Writes each item of a stream or subscription as a {@code {"id", field: item}} line, asking for
     * the next item only once the line is written: the socket is the flow control.
     */
    private abstract class Lines<T> implements Flow.Subscriber<T> {
        private final String id;
        private final OpenCall call;
        private final ObjectNode body;
        private final String field;

        Lines(String id, OpenCall call, ObjectNode body, String field) {
            this.id = id;
            this.call = call;
            this.body = body;
            this.field = field;
        }

        void opened() {
        }

        boolean last(T item) {
            return false;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            call.subscription = subscription;
            if (call.cancelled) {
                subscription.cancel();
                return;
            }
            opened();
            subscription.request(1);
        }

        @Override
        public void onNext(T item) {
            ObjectNode line = line(id, null);
            line.set(field, MigJson.toObjectNode(item));
            write(line);
            if (last(item)) {
                release(id);
            } else if (!call.cancelled) {
                call.subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            boolean stillOpen = open.get(id) == call;
            release(id);
            if (stillOpen && !call.cancelled) {
                fail(id, call.kind.equals("stream") ? "invoke" : "subscribe", body, MigException.from(error));
            }
        }

        @Override
        public void onComplete() {
            boolean stillOpen = open.get(id) == call;
            release(id);
            if (stillOpen && call.kind.equals("subscribe")) {
                ObjectNode end = line(id, "subscribe");
                end.put("ended", true);
                write(end);
            }
        }
    }
}
