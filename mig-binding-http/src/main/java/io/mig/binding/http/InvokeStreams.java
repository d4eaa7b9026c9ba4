package io.mig.binding.http;

import io.javalin.http.Context;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.StreamFrame;
import io.mig.core.port.in.CallContext;
import io.mig.core.spi.BindingGateway;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streamed INVOKE over plain HTTP (SPEC §3.6): one {@code event: mig-frame} per stream frame, the
 * last one with {@code end_stream: true}. A request refused before dispatch gets a plain JSON error.
 */
final class InvokeStreams {
    private final BindingGateway gateway;
    private final StreamSupport support;

    InvokeStreams(BindingGateway gateway, StreamSupport support) {
        this.gateway = gateway;
        this.support = support;
    }

    void serve(Context ctx, CallContext call, InvokeRequest request) {
        ctx.future(() -> gateway.stream(call, request, null).handle((frames, error) -> {
            if (error != null) {
                HttpErrors.write(ctx, MigException.from(error));
                return CompletableFuture.<Void>completedFuture(null);
            }
            return relay(ctx, frames);
        }).thenCompose(done -> done));
    }

    private CompletableFuture<Void> relay(Context ctx, Flow.Publisher<StreamFrame> frames) {
        SseStream sse = new SseStream(ctx);
        CompletableFuture<Void> finished = support.open(sse);
        AtomicReference<StreamFrame> last = new AtomicReference<>();
        StreamSupport.OpenStream open = support.track(() -> {
            sse.send("mig-frame", null, MigJson.encodeToString(ShutdownFrames.endOf(last.get(), null, null)));
            sse.close();
        });
        frames.subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                sse.onClose(() -> {
                    s.cancel();
                    open.close();
                });
                s.request(1);
            }

            @Override
            public void onNext(StreamFrame frame) {
                last.set(frame);
                // the next frame is asked for once this one is written: a slow client slows the stream
                sse.send("mig-frame", null, MigJson.encodeToString(frame), () -> subscription.request(1));
            }

            @Override
            public void onError(Throwable throwable) {
                sse.close();
            }

            @Override
            public void onComplete() {
                sse.close();
            }
        });
        return finished;
    }
}
