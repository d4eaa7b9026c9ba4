package io.mig.core.gateway;

import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.FrameKind;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.StreamItem;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns a provider's stream of items into MIG stream frames: {@code response} frames, exactly one
 * terminal frame ({@code end_stream: true}), an {@code error} frame on failure, deadline or
 * cancel. Demand flows from the transport to the provider; whoever ends the stream first wins.
 */
final class FrameStream implements Flow.Subscriber<StreamItem> {
    private final MessageHeader header;
    private final String streamId;
    private final CapabilityDescriptor descriptor;
    private final CancellationSignal signal;
    private final Attempt attempt;
    private final InvocationService outputCheck;
    private final Emitter<StreamFrame> out = new Emitter<>();
    private final Frames frames = new Frames();
    private final AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
    private final AtomicLong demandBeforeSubscribe = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Runnable onEnd = () -> { };

    FrameStream(MessageHeader header, String streamId, CapabilityDescriptor descriptor, CancellationSignal signal,
                Attempt attempt, InvocationService outputCheck) {
        this.header = header;
        this.streamId = streamId;
        this.descriptor = descriptor;
        this.signal = signal;
        this.attempt = attempt;
        this.outputCheck = outputCheck;
        out.onRequest(this::requestUpstream);
        out.onCancel(() -> {
            // the transport went away: stop the provider and free everything
            if (end(MigException.cancelled("client disconnected"))) {
                signal.cancel("client disconnected");
                cancelUpstream();
            }
        });
    }

    Flow.Publisher<StreamFrame> publisher() {
        return frames;
    }

    void onEnd(Runnable action) {
        this.onEnd = action;
        if (ended.get()) {
            action.run();
        }
    }

    /** CANCEL reached this stream. */
    void cancel(String reason) {
        fail(MigException.cancelled(reason), reason == null ? "cancelled" : reason);
    }

    /** The gateway ends the stream (shutdown): the error is the stream's last frame and its outcome. */
    void abort(MigException error) {
        fail(error, error.getMessage());
    }

    /** The deadline (or the provider's timeout) passed. */
    void expire(MigException timeout) {
        fail(timeout, "deadline");
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        if (!upstream.compareAndSet(null, subscription) || ended.get()) {
            subscription.cancel();
            return;
        }
        long pending = demandBeforeSubscribe.getAndSet(-1);
        if (pending > 0) {
            subscription.request(pending);
        }
    }

    @Override
    public void onNext(StreamItem item) {
        if (ended.get()) {
            return;
        }
        if (item == null || item.payload() == null) {
            fail(MigException.internal("provider emitted an empty stream item").withReason(ErrorReason.PROVIDER_FAILED), "provider error");
            return;
        }
        if (!item.terminal()) {
            out.emit(frame(FrameKind.RESPONSE, item.payload(), false, null));
            return;
        }
        if (!item.payload().isEmpty()) {
            try {
                outputCheck.checkOutput(descriptor, item.payload());
            } catch (MigException e) {
                fail(e, "invalid output");
                return;
            }
        }
        if (end(null)) {
            cancelUpstream();
            out.emit(frame(FrameKind.RESPONSE, item.payload(), true, null));
            out.complete();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        fail(MigException.from(throwable), null);
    }

    @Override
    public void onComplete() {
        // a provider stream that ends without a terminal item is closed by the gateway (SPEC §3.5)
        if (end(null)) {
            out.emit(frame(FrameKind.RESPONSE, MigJson.object(), true, null));
            out.complete();
        }
    }

    private void fail(MigException error, String cancelReason) {
        if (end(error)) {
            if (cancelReason != null) {
                signal.cancel(cancelReason);
                cancelUpstream();
            }
            out.emit(frame(FrameKind.ERROR, null, true, error));
            out.complete();
        }
    }

    /** Marks the end once; records the outcome before the last frame goes out. */
    private boolean end(MigException error) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        attempt.finish(error);
        onEnd.run();
        return true;
    }

    private void requestUpstream(long n) {
        Flow.Subscription s = upstream.get();
        if (s != null && demandBeforeSubscribe.get() < 0) {
            s.request(n);
            return;
        }
        long before = demandBeforeSubscribe.getAndAccumulate(n, (a, b) -> a < 0 ? a : (a + b < 0 ? Long.MAX_VALUE : a + b));
        if (before < 0 && s != null) {
            s.request(n); // subscribed meanwhile
        }
    }

    private void cancelUpstream() {
        Flow.Subscription s = upstream.getAndSet(CANCELLED);
        if (s != null && s != CANCELLED) {
            s.cancel();
        }
    }

    private StreamFrame frame(FrameKind kind, com.fasterxml.jackson.databind.node.ObjectNode payload, boolean end,
                              MigException error) {
        return new StreamFrame(header, streamId, descriptor.id(), kind, payload, end,
                error == null ? null : error.toError());
    }

    /**
     * The frames as the transport sees them; a {@link StreamSession} holding one can end the stream
     * as the core would ({@link #abort}), so the outcome is recorded and the provider stopped.
     */
    final class Frames implements Flow.Publisher<StreamFrame> {
        @Override
        public void subscribe(Flow.Subscriber<? super StreamFrame> subscriber) {
            out.subscribe(subscriber);
        }

        void abort(MigException error) {
            FrameStream.this.abort(error);
        }
    }

    private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };
}
