package io.mig.binding.http;

import java.util.concurrent.CompletableFuture;

/**
 * A server-sent-events response an {@link HttpExtension} writes from any thread: the binding's own
 * SSE machinery (keep-alives, a probe that notices a vanished client within a second, the shutdown
 * that ends open streams). Open it with {@link HttpHost#openEvents} inside {@code ctx.future(…)}.
 */
public final class HttpEventStream {
    private final SseStream sse;
    private final CompletableFuture<Void> finished;

    HttpEventStream(SseStream sse, CompletableFuture<Void> finished) {
        this.sse = sse;
        this.finished = finished;
    }

    /** Writes one event ({@code event:} omitted when null); false when the stream is closed. */
    public boolean send(String event, String data) {
        return sse.send(event, null, data);
    }

    /** Runs once when the stream closes, whoever closes it (the client going away included). */
    public void onClose(Runnable action) {
        sse.onClose(action);
    }

    public boolean isOpen() {
        return sse.isOpen();
    }

    /** Ends the response (idempotent). */
    public void close() {
        sse.close();
    }

    /** Completes when the stream has ended; return it from {@code ctx.future(…)}. */
    public CompletableFuture<Void> finished() {
        return finished;
    }
}
