package io.mig.binding.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.mig.binding.grpc.v0_1.EventMessage;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.core.error.MigException;
import io.mig.core.gateway.ConnectionLabels;
import io.mig.core.gateway.EventSubscription;
import io.mig.core.port.in.CallContext;
import io.mig.core.spi.BindingGateway;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Subscribe call: replay, then live events, in sequence order. Events are asked of the core
 * only while the transport is ready (at most {@link #WINDOW} outstanding), so a client that stops
 * reading makes the core's buffer fill; when it overflows the call ends with RESOURCE_EXHAUSTED and
 * a {@code mig-error} trailer whose details carry {@code last_sequence}.
 *
 * <p>Events arrive on the core's delivery lane, shared with other subscriptions: {@code onNext}
 * only hands the message to grpc's buffer (never blocks), and the call's readiness ({@code onReady})
 * decides when more is asked for, so one subscriber that stops reading holds up no other.
 */
final class SubscribeCall implements Flow.Subscriber<io.mig.core.model.EventMessage> {
    private static final int WINDOW = 8;
    private static final ConnectionLabels LABELS = new ConnectionLabels("grpc", "event_subscribe", "grpc_subscribe");

    private final BindingGateway gateway;
    private final OpenStreams open;
    private final EventProtos protos;
    private final CallContext call;
    private final ServerCallStreamObserver<EventMessage> out;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Runnable terminate = this::terminate;
    private volatile Flow.Subscription subscription;
    private volatile EventSubscription events;
    private boolean ended;

    SubscribeCall(BindingGateway gateway, OpenStreams open, EventProtos protos, CallContext call,
                  ServerCallStreamObserver<EventMessage> out) {
        this.gateway = gateway;
        this.open = open;
        this.protos = protos;
        this.call = call;
        this.out = out;
    }

    void start(SubscribeRequest proto) {
        EventSubscription opened;
        try {
            // the core registers the call, counts it, and ends it when the caller's token expires;
            // the tenant may be in the request's header
            opened = gateway.openSubscription(call, ProtoModel.subscribe(proto), LABELS);
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e, "subscribe", gateway.errors()));
            return;
        }
        events = opened;
        open.add(terminate);
        out.setOnCancelHandler(this::release);
        out.setOnReadyHandler(this::pump);
        opened.subscribe(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (isEnded()) {
            s.cancel();
            return;
        }
        pump();
    }

    @Override
    public void onNext(io.mig.core.model.EventMessage event) {
        synchronized (this) {
            if (ended) {
                return;
            }
            out.onNext(protos.message(event)); // converted once per event, shared by its subscribers
        }
        outstanding.decrementAndGet();
        pump();
    }

    @Override
    public void onError(Throwable t) {
        end(MigException.from(t));
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            out.onCompleted();
        }
        release();
    }

    /** Asks for more events while the transport is ready and the window has room. */
    private void pump() {
        Flow.Subscription s = subscription;
        if (s == null) {
            return;
        }
        while (!isEnded() && out.isReady()) {
            int now = outstanding.get();
            if (now >= WINDOW) {
                return;
            }
            if (outstanding.compareAndSet(now, now + 1)) {
                s.request(1);
            }
        }
    }

    private void terminate() {
        end(MigException.unavailable("the gateway is shutting down"));
    }

    private void end(MigException error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            out.onError(GrpcErrors.toStatus(error, "subscribe", gateway.errors()));
        }
        release();
    }

    private synchronized boolean isEnded() {
        return ended;
    }

    /** Cancels the core subscription, which leaves the connection view (idempotent). */
    private void release() {
        synchronized (this) {
            ended = true;
        }
        EventSubscription held = events;
        if (held != null) {
            held.close();
            open.remove(terminate);
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
