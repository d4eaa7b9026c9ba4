package io.mig.binding.http;

import io.javalin.http.Context;
import io.mig.core.json.MigJson;
import io.mig.core.model.StreamFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streamed INVOKE over plain HTTP (SPEC §3.6): one {@code event: mig-frame} per stream frame, the
 * last one with {@code end_stream: true}. Whether an INVOKE streams is the core's choice; a request
 * refused before dispatch gets a plain JSON error from the route.
 */
final class InvokeStreams {
    private final StreamSupport support;

    InvokeStreams(StreamSupport support) {
        this.support = support;
    }

    /** Relays the frames as the response; it ends when the stream does, or when the client goes away. */
    CompletableFuture<Void> relay(Context ctx, Flow.Publisher<StreamFrame> frames) {
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
