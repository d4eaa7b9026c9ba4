package io.mig.binding.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.core.error.MigException;
import io.mig.core.gateway.ConnectionLabels;
import io.mig.core.gateway.FrameSink;
import io.mig.core.gateway.StreamSession;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.spi.BindingGateway;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One StreamInvoke call (SPEC §3.5 over gRPC), an adapter of the core's {@link StreamSession}:
 * it decodes frames for the session and writes the frames it answers. A stream's next frame is
 * asked of the core only when the transport is ready, so a slow client slows the provider down
 * instead of filling memory; the client's half-close ends the call once its streams have ended.
 */
final class StreamInvokeCall implements StreamObserver<StreamFrame>, FrameSink {
    private static final ConnectionLabels LABELS = new ConnectionLabels("grpc", "stream_invoke", "grpc_bidi");

    private final BindingGateway gateway;
    private final OpenStreams open;
    private final CallContext call;
    private final ServerCallStreamObserver<StreamFrame> out;
    /** Streams whose next frame waits for the transport to be ready. */
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final Runnable terminate = this::terminate;
    private volatile StreamSession session;
    private boolean ended;

    StreamInvokeCall(BindingGateway gateway, OpenStreams open, CallContext call, ServerCallStreamObserver<StreamFrame> out) {
        this.gateway = gateway;
        this.open = open;
        this.call = call;
        this.out = out;
    }

    /** Checks the caller once for the connection; every frame is checked again by the core. */
    StreamInvokeCall start() {
        try {
            session = gateway.openStreamSession(call, LABELS, Integer.MAX_VALUE, this);
        } catch (MigException e) {
            ended = true;
            out.onError(GrpcErrors.toStatus(e, "stream", gateway.errors()));
            return this;
        }
        open.add(terminate);
        out.setOnCancelHandler(this::release);
        out.setOnReadyHandler(this::resumeWaiting);
        return this;
    }

    @Override
    public void onNext(StreamFrame proto) {
        StreamSession core = session;
        if (core == null) {
            return;
        }
        io.mig.core.model.StreamFrame frame;
        try {
            frame = ProtoModel.frame(proto);
        } catch (RuntimeException e) {
            if (proto.getKind() == io.mig.binding.grpc.v0_1.FrameKind.FRAME_KIND_REQUEST) {
                // an unreadable request frame, refused before the core saw it: still audited
                gateway.errors().invokeRefused(call, ProtoModel.blank(proto.getCapability()), e);
            }
            core.refuse(ProtoModel.header(proto.getHeader()), ProtoModel.blank(proto.getStreamId()),
                    ProtoModel.blank(proto.getCapability()), MigException.from(e));
            return;
        }
        // the call's own deadline bounds every stream on it
        MessageHeader header = CallMetadata.withCallDeadline(frame.header());
        core.onFrame(new io.mig.core.model.StreamFrame(header, frame.streamId(), frame.capability(), frame.kind(),
                frame.payload(), frame.endStream(), frame.error()), null);
    }

    @Override
    public void onError(Throwable t) {
        release(); // the client broke the call off
    }

    @Override
    public void onCompleted() {
        StreamSession core = session;
        if (core != null) {
            core.halfClose();
        }
    }

    @Override
    public void send(io.mig.core.model.StreamFrame frame, Runnable written) {
        synchronized (this) {
            if (ended) {
                return;
            }
            out.onNext(ProtoModel.frame(frame));
        }
        if (out.isReady()) {
            written.run();
            return;
        }
        waiting.add(written);
        resumeWaiting(); // the transport may have become ready in between
    }

    @Override
    public void complete() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            out.onCompleted();
        }
        release();
    }

    /** The transport can take more: every stream that was waiting asks the core for its next frame. */
    private void resumeWaiting() {
        Runnable next;
        while (out.isReady() && (next = waiting.poll()) != null) {
            next.run();
        }
    }

    /** Shutdown: each running stream gets a terminal error frame, then the call ends with UNAVAILABLE. */
    private void terminate() {
        MigException shutdown = MigException.unavailable("the gateway is shutting down");
        session.terminate(shutdown);
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
        synchronized (this) {
            ended = true;
        }
        waiting.clear();
        StreamSession core = session;
        if (core != null) {
            core.close();
            open.remove(terminate);
        }
    }
}
