package io.mig.binding.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.mig.binding.grpc.v0_1.EventMessage;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.core.error.MigException;
import io.mig.core.gateway.Caller;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.Connection;
import io.mig.core.port.out.ConnectionRegistry;
import io.mig.core.spi.BindingGateway;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Subscribe call: replay, then live events, in sequence order. Events are asked of the core
 * only while the transport is ready (at most {@link #WINDOW} outstanding), so a client that stops
 * reading makes the core's buffer fill; when it overflows the call ends with RESOURCE_EXHAUSTED and
 * a {@code mig-error} trailer whose details carry {@code last_sequence}.
 */
final class SubscribeCall implements Flow.Subscriber<io.mig.core.model.EventMessage> {
    private static final int WINDOW = 8;

    private final BindingGateway gateway;
    private final OpenStreams open;
    private final CallContext call;
    private final ServerCallStreamObserver<EventMessage> out;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Runnable terminate = this::terminate;
    private volatile Flow.Subscription subscription;
    private ConnectionRegistry.Handle registration;
    private boolean ended;

    SubscribeCall(BindingGateway gateway, OpenStreams open, CallContext call, ServerCallStreamObserver<EventMessage> out) {
        this.gateway = gateway;
        this.open = open;
        this.call = call;
        this.out = out;
    }

    void start(SubscribeRequest proto) {
        io.mig.core.model.SubscribeRequest request;
        Caller caller;
        Flow.Publisher<io.mig.core.model.EventMessage> events;
        try {
            request = ProtoModel.subscribe(proto);
            caller = gateway.identify(call, request.header()); // the tenant may be in the request's header
            events = gateway.subscribe(call, request);
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e, "subscribe", gateway.errors()));
            return;
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("topic", request.topic());
        meta.put("resume_cursor", request.resumeCursor() == null ? "" : request.resumeCursor());
        if (request.consumerId() != null) {
            meta.put("consumer_id", request.consumerId());
        }
        registration = gateway.connections().register(new Connection(null, "grpc", "event_subscribe", caller.tenantId(),
                caller.principal().actor(), call.remoteAddress(), gateway.clock().instant().toString(), meta));
        gateway.metrics().activeStreams("grpc_subscribe", 1);
        open.add(terminate);
        out.setOnCancelHandler(this::release);
        out.setOnReadyHandler(this::pump);
        events.subscribe(this);
        java.time.Instant expiresAt = caller.principal().expiresAt();
        if (expiresAt != null) {
            // a subscription lives no longer than the credentials it was opened with (as over SSE)
            long delay = Math.max(0, java.time.Duration.between(gateway.clock().instant(), expiresAt).toMillis());
            java.util.concurrent.CompletableFuture.delayedExecutor(delay, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> end(MigException.unauthorized("the bearer token expired")));
        }
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
            out.onNext(ProtoModel.event(event));
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

    /** Cancels the core subscription and leaves the connection view (idempotent). */
    private void release() {
        ConnectionRegistry.Handle handle;
        synchronized (this) {
            ended = true;
            handle = registration;
            registration = null;
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        if (handle != null) {
            handle.close();
            open.remove(terminate);
            gateway.metrics().activeStreams("grpc_subscribe", -1);
        }
    }
}
