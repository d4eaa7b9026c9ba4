package io.mig.core.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.id.Ids;
import io.mig.core.json.MigJson;
import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.FrameKind;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.port.in.CallContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One multiplexed stream connection (SPEC §3.5) — a WebSocket, a gRPC {@code StreamInvoke} call, or
 * a binding of one's own: {@code request} frames start invocations, several at once told apart by
 * {@code stream_id}; a {@code control} frame with {@code payload.action = cancel} cancels one;
 * anything else is answered with an {@code error} frame and the connection stays open.
 *
 * <p>The session owns what is the same on every transport: frame dispatch, stream ids (a missing
 * one defaults to {@code stream-<message_id>}; a duplicate of a running one is refused, atomically),
 * the per-connection limit of concurrent streams, cancel targeting, error frames, the connection's
 * registration and gauge, and credential expiry — when the credentials the connection was opened
 * with expire, every running stream ends with a {@code MIG_UNAUTHORIZED} error frame, and the core
 * refuses every later frame. The binding decodes frames, feeds them to {@link #onFrame}, writes what
 * the session hands its {@link FrameSink}, and calls {@link #close} when its transport ends.
 *
 * <pre>{@code
 * StreamSession session = gateway.openStreamSession(call, LABELS, 16, (frame, written) -> {
 *     socket.write(encode(frame), written);   // run `written` once the socket took it
 * });
 * socket.onText(text -> session.onFrame(decode(text), null));
 * socket.onClose(session::close);
 * }</pre>
 */
public final class StreamSession implements AutoCloseable {
    private static final String EXPIRED = "the bearer token expired";

    private final MigGateway gateway;
    private final CallContext call;
    private final Caller caller;
    private final FrameSink sink;
    private final int maxStreams;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    /** Streams started and not yet ended, counted from the request frame (before they subscribe). */
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile boolean halfClosed;
    private volatile ConnectionLeases.Lease lease;

    private StreamSession(MigGateway gateway, CallContext call, Caller caller, int maxStreams, FrameSink sink) {
        this.gateway = gateway;
        this.call = call;
        this.caller = caller;
        this.maxStreams = maxStreams;
        this.sink = sink;
    }

    /** Authenticates the connection (throws the MIG error when refused), registers it and arms its expiry. */
    static StreamSession open(MigGateway gateway, ConnectionLeases leases, CallContext call, ConnectionLabels labels,
                              int maxStreams, FrameSink sink) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive: " + maxStreams);
        }
        Caller caller = gateway.identify(call);
        StreamSession session = new StreamSession(gateway, call, caller, maxStreams, sink);
        session.lease = leases.open(call, caller, labels, Map.of(), session::credentialsExpired);
        return session;
    }

    /** The caller as checked when the connection opened. */
    public Caller caller() {
        return caller;
    }

    /** Streams running now on this connection. */
    public int runningStreams() {
        return running.get();
    }

    /**
     * Handles one decoded frame. {@code preference} is the frame's {@code stream_preference} where the
     * transport carries one (null otherwise). Never throws: a refused frame is answered with an error frame.
     */
    public void onFrame(StreamFrame frame, StreamPreference preference) {
        if (closed.get()) {
            return;
        }
        try {
            if (frame.kind() == FrameKind.REQUEST) {
                start(frame, preference);
            } else if (frame.kind() == FrameKind.CONTROL && frame.payload() != null
                    && "cancel".equals(frame.payload().path("action").asText())) {
                cancel(frame);
            } else {
                throw MigException.invalid("expected a frame of kind 'request', or 'control' with payload.action 'cancel'")
                        .withDetail("field", "kind");
            }
        } catch (RuntimeException e) {
            refuse(frame.header(), blankToNull(frame.streamId()), frame.capability(), MigException.from(e));
        }
    }

    /**
     * Answers a frame the binding could not decode with an error frame; the fields it could read
     * (each may be null) are echoed so the client can tell which of its streams it was.
     */
    public void refuse(MessageHeader header, String streamId, String capability, MigException error) {
        gateway.errors().answered("stream", error);
        send(new StreamFrame(header, streamId, capability, FrameKind.ERROR, null, true, error.toError()), () -> { });
    }

    /**
     * The peer sends no more frames: once the running streams have ended, the sink is
     * {@linkplain FrameSink#complete completed} and the session closed.
     */
    public void halfClose() {
        halfClosed = true;
        completeIfIdle();
    }

    /**
     * Ends every running stream with an error frame carrying {@code error} (a shutdown's
     * {@code MIG_UNAVAILABLE}); the binding then ends its transport and calls {@link #close}.
     */
    public void terminate(MigException error) {
        for (Stream stream : List.copyOf(streams.values())) {
            stream.fail(error);
        }
    }

    /** The transport ended: cancels what still runs and leaves the connection view (idempotent). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Stream stream : List.copyOf(streams.values())) {
            stream.cancel();
        }
        streams.clear();
        ConnectionLeases.Lease held = lease;
        if (held != null) {
            held.close();
        }
    }

    private void start(StreamFrame frame, StreamPreference preference) {
        MessageHeader header = frame.header() == null ? MessageHeader.empty() : frame.header();
        if (header.messageId() == null || header.messageId().isEmpty()) {
            header = header.withMessageId(Ids.messageId());
        }
        String streamId = blankToNull(frame.streamId()) == null ? "stream-" + header.messageId() : frame.streamId();
        Stream stream = new Stream(streamId, frame.capability(), header);
        if (streams.putIfAbsent(streamId, stream) != null) {
            throw refused(frame, MigException.invalid("stream_id '" + streamId + "' is already running on this connection")
                    .withDetail("field", "stream_id"));
        }
        if (running.incrementAndGet() > maxStreams) {
            // one connection may not take a whole bulkhead from everyone else
            running.decrementAndGet();
            streams.remove(streamId, stream);
            throw refused(frame, MigException.backpressure("this connection already runs " + maxStreams + " streams")
                    .withDetail("max_streams", maxStreams));
        }
        InvokeRequest request = new InvokeRequest(header, frame.capability(), frame.payload(), preference);
        try {
            gateway.stream(call, request, streamId).whenComplete((frames, error) -> {
                if (error != null) {
                    stream.fail(MigException.from(error));
                } else {
                    stream.publisher = frames;
                    frames.subscribe(stream);
                }
            });
        } catch (RuntimeException e) {
            stream.ended();
            throw e;
        }
    }

    /** An INVOKE the session refuses before the core saw it is audited all the same (the answer is counted by {@link #refuse}). */
    private MigException refused(StreamFrame frame, MigException error) {
        gateway.errors().invokeRefused(call, frame.capability(), error);
        return error;
    }

    private void cancel(StreamFrame frame) {
        ObjectNode payload = frame.payload();
        String target = blankToNull(frame.streamId()) != null ? frame.streamId() : payload.path("target_message_id").asText(null);
        CancelAck ack = gateway.cancel(call, new CancelRequest(frame.header(), target, payload.path("reason").asText(null)));
        ObjectNode body = MigJson.object().put("accepted", ack.accepted()).put("status", ack.status());
        send(new StreamFrame(ack.header(), target, frame.capability(), FrameKind.CONTROL, body, false, null), () -> { });
    }

    /** The connection's credentials expired: its running streams end as the core ends a stream. */
    private void credentialsExpired() {
        MigException expired = MigException.unauthorized(EXPIRED);
        for (Stream stream : List.copyOf(streams.values())) {
            stream.abort(expired);
        }
    }

    private void send(StreamFrame frame, Runnable written) {
        if (!closed.get()) {
            sink.send(frame, written);
        }
    }

    private void completeIfIdle() {
        if (halfClosed && running.get() == 0 && !closed.get() && completed.compareAndSet(false, true)) {
            sink.complete();
            close();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** One stream: relays its frames one at a time, asking for the next when the sink wrote the last. */
    private final class Stream implements Flow.Subscriber<StreamFrame> {
        private final String streamId;
        private final String capability;
        private final MessageHeader header;
        private final AtomicBoolean done = new AtomicBoolean();
        private final AtomicBoolean counted = new AtomicBoolean(true);
        private volatile Flow.Publisher<StreamFrame> publisher;
        private volatile Flow.Subscription subscription;

        Stream(String streamId, String capability, MessageHeader header) {
            this.streamId = streamId;
            this.capability = capability;
            this.header = header;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed.get() || done.get()) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(StreamFrame frame) {
            boolean last = Boolean.TRUE.equals(frame.endStream());
            if (last && !done.compareAndSet(false, true)) {
                return; // the session ended this stream already (shutdown)
            }
            if (!last && done.get()) {
                return;
            }
            send(frame, last ? () -> { } : () -> subscription.request(1));
            if (last) {
                ended();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            fail(MigException.from(throwable));
        }

        @Override
        public void onComplete() {
            if (done.compareAndSet(false, true)) {
                ended();
            }
        }

        /** Ends the stream with an error frame of the session's own (shutdown, a refused start). */
        void fail(MigException error) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            gateway.errors().answered("stream", error);
            send(new StreamFrame(header, streamId, capability, FrameKind.ERROR, null, true, error.toError()), () -> { });
            cancel();
            ended();
        }

        /** Ends the stream through the core, which records the outcome, stops the provider and sends the error frame. */
        void abort(MigException error) {
            if (publisher instanceof FrameStream.Frames frames) {
                frames.abort(error);
            } else {
                fail(error);
            }
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        /** Frees the stream's id and its place in the connection's limit (once). */
        void ended() {
            streams.remove(streamId, this);
            if (counted.compareAndSet(true, false)) {
                running.decrementAndGet();
                completeIfIdle();
            }
        }
    }
}
