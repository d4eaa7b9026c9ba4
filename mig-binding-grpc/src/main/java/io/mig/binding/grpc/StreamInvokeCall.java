package io.mig.binding.grpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.core.error.MigException;
import io.mig.core.gateway.Caller;
import io.mig.core.json.MigJson;
import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.FrameKind;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.Connection;
import io.mig.core.port.out.ConnectionRegistry;
import io.mig.core.spi.BindingGateway;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;

/**
 * One StreamInvoke call (SPEC §3.5 over gRPC): {@code request} frames start invocations, several at
 * once told apart by {@code stream_id}; a {@code control} frame with {@code payload.action = cancel}
 * cancels one; anything else is answered with an {@code error} frame and the call stays open. A
 * stream asks the core for its next frame only when the transport is ready, so a slow client slows
 * the provider down instead of filling memory.
 */
final class StreamInvokeCall implements StreamObserver<StreamFrame> {
    private final BindingGateway gateway;
    private final OpenStreams open;
    private final CallContext call;
    private final ServerCallStreamObserver<StreamFrame> out;
    private final Map<String, Relay> streams = new ConcurrentHashMap<>();
    private final Queue<Relay> waiting = new ConcurrentLinkedQueue<>();
    private final Runnable terminate = this::terminate;
    private ConnectionRegistry.Handle registration;
    private boolean halfClosed;
    private boolean ended;

    StreamInvokeCall(BindingGateway gateway, OpenStreams open, CallContext call, ServerCallStreamObserver<StreamFrame> out) {
        this.gateway = gateway;
        this.open = open;
        this.call = call;
        this.out = out;
    }

    /** Checks the caller once for the connection view; every frame is checked again by the core. */
    StreamInvokeCall start() {
        Caller caller;
        try {
            caller = gateway.identify(call);
        } catch (MigException e) {
            ended = true;
            out.onError(GrpcErrors.toStatus(e, "stream", gateway.errors()));
            return this;
        }
        registration = gateway.connections().register(new Connection(null, "grpc", "stream_invoke", caller.tenantId(),
                caller.principal().actor(), call.remoteAddress(), gateway.clock().instant().toString(), Map.of()));
        gateway.metrics().activeStreams("grpc_bidi", 1);
        open.add(terminate);
        out.setOnCancelHandler(this::release);
        out.setOnReadyHandler(this::resumeWaiting);
        return this;
    }

    @Override
    public void onNext(StreamFrame proto) {
        if (registration == null) {
            return;
        }
        io.mig.core.model.StreamFrame frame = null;
        try {
            frame = ProtoModel.frame(proto);
            if (frame.kind() == FrameKind.REQUEST) {
                begin(frame);
            } else if (frame.kind() == FrameKind.CONTROL && "cancel".equals(frame.payload().path("action").asText())) {
                cancel(frame);
            } else {
                throw MigException.invalid("expected a frame of kind 'request', or 'control' with payload.action 'cancel'")
                        .withDetail("field", "kind");
            }
        } catch (RuntimeException e) {
            if (proto.getKind() == io.mig.binding.grpc.v0_1.FrameKind.FRAME_KIND_REQUEST) {
                // refused here (unreadable frame, stream id taken), before the core saw it: still audited
                gateway.errors().invokeRefused(call, ProtoModel.blank(proto.getCapability()), e);
            }
            send(GrpcErrors.errorFrame(gateway.errors(), frame == null ? ProtoModel.header(proto.getHeader()) : frame.header(),
                    ProtoModel.blank(proto.getStreamId()), ProtoModel.blank(proto.getCapability()), e));
        }
    }

    private void begin(io.mig.core.model.StreamFrame frame) {
        InvokeRequest request = InvocationRpc.withIdAndDeadline(
                new InvokeRequest(frame.header(), frame.capability(), frame.payload(), null));
        MessageHeader header = request.header();
        String streamId = frame.streamId() == null ? "stream-" + header.messageId() : frame.streamId();
        Relay relay = new Relay(streamId, frame.capability(), header);
        if (streams.putIfAbsent(streamId, relay) != null) {
            throw MigException.invalid("stream_id '" + streamId + "' is already running on this call")
                    .withDetail("field", "stream_id");
        }
        try {
            gateway.stream(call, request, streamId).whenComplete((frames, error) -> {
                if (error != null) {
                    relay.fail(MigException.from(error));
                } else {
                    frames.subscribe(relay);
                }
            });
        } catch (RuntimeException e) {
            streams.remove(streamId, relay);
            throw e;
        }
    }

    private void cancel(io.mig.core.model.StreamFrame frame) {
        ObjectNode payload = frame.payload();
        String target = frame.streamId() != null ? frame.streamId() : payload.path("target_message_id").asText(null);
        CancelAck ack = gateway.cancel(call, new CancelRequest(frame.header(), target, payload.path("reason").asText(null)));
        ObjectNode body = MigJson.object().put("accepted", ack.accepted()).put("status", ack.status());
        send(new io.mig.core.model.StreamFrame(ack.header(), target, frame.capability(), FrameKind.CONTROL, body, false, null));
    }

    @Override
    public void onError(Throwable t) {
        release(); // the client broke the call off
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            halfClosed = true;
        }
        completeIfIdle();
    }

    private void completeIfIdle() {
        synchronized (this) {
            if (!halfClosed || !streams.isEmpty() || ended) {
                return;
            }
            ended = true;
            out.onCompleted();
        }
        release();
    }

    synchronized void send(io.mig.core.model.StreamFrame frame) {
        if (!ended) {
            out.onNext(ProtoModel.frame(frame));
        }
    }

    /** The transport can take more: every stream that was waiting asks the core for its next frame. */
    private void resumeWaiting() {
        Relay relay;
        while (out.isReady() && (relay = waiting.poll()) != null) {
            relay.subscription.request(1);
        }
    }

    /** Shutdown: each running stream gets a terminal error frame, then the call ends with UNAVAILABLE. */
    private void terminate() {
        MigException shutdown = MigException.unavailable("the gateway is shutting down");
        streams.values().forEach(relay -> relay.fail(shutdown));
        synchronized (this) {
            if (!ended) {
                ended = true;
                out.onError(GrpcErrors.toStatus(shutdown));
            }
        }
        release();
    }

    /** Cancels what still runs and leaves the connection view (idempotent). */
    private void release() {
        ConnectionRegistry.Handle handle;
        synchronized (this) {
            ended = true;
            handle = registration;
            registration = null;
        }
        streams.values().forEach(Relay::cancel);
        streams.clear();
        if (handle != null) {
            handle.close();
            open.remove(terminate);
            gateway.metrics().activeStreams("grpc_bidi", -1);
        }
    }

    /** Relays one stream's frames, one at a time, as the transport becomes ready. */
    private final class Relay implements Flow.Subscriber<io.mig.core.model.StreamFrame> {
        private final String streamId;
        private final String capability;
        private final MessageHeader header;
        private volatile Flow.Subscription subscription;
        private volatile boolean done;

        Relay(String streamId, String capability, MessageHeader header) {
            this.streamId = streamId;
            this.capability = capability;
            this.header = header;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (ended) {
                s.cancel();
                return;
            }
            next();
        }

        @Override
        public void onNext(io.mig.core.model.StreamFrame frame) {
            boolean last = Boolean.TRUE.equals(frame.endStream());
            if (last) {
                done = true;
            }
            send(frame);
            if (last) {
                finish();
            } else {
                next();
            }
        }

        @Override
        public void onError(Throwable t) {
            fail(MigException.from(t));
        }

        @Override
        public void onComplete() {
            finish();
        }

        void fail(MigException error) {
            if (done) {
                return;
            }
            done = true;
            send(GrpcErrors.errorFrame(gateway.errors(), header, streamId, capability, error));
            cancel();
            finish();
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        private void next() {
            if (out.isReady()) {
                subscription.request(1);
                return;
            }
            waiting.add(this);
            resumeWaiting(); // the transport may have become ready in between
        }

        private void finish() {
            waiting.remove(this);
            streams.remove(streamId, this);
            completeIfIdle();
        }
    }
}
