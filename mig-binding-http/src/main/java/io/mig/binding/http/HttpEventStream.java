package io.mig.binding.http;

import java.util.concurrent.CompletableFuture;

/**
 * A server-sent-events response an {@link HttpExtension} writes from any thread: the binding's own
 * SSE machinery (keep-alives, non-blocking writes, noticing a vanished client at once, the shutdown
 * that ends open streams). Open it with {@link HttpHost#openEvents} inside {@code ctx.future(…)}.
 */
public final class HttpEventStream {
    private final SseStream sse;
    private final CompletableFuture<Void> finished;
    private final java.util.List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();

    HttpEventStream(SseStream sse, CompletableFuture<Void> finished, Runnable untrack) {
        this.sse = sse;
        this.finished = finished;
        onClose.add(untrack);
        sse.onClose(() -> onClose.forEach(Runnable::run));
    }

    /**
     * Queues one event ({@code event:} omitted when null) for writing as the client takes it; false
     * when the stream is closed. A client leaving more than 8 MiB unread is disconnected.
     */
    public boolean send(String event, String data) {
        return sse.send(event, null, data);
    }

    /**
     * Runs once when the stream closes, whoever closes it (the client going away included); at once
     * when it is closed already.
     */
    public void onClose(Runnable action) {
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                action.run();
            }
        };
        onClose.add(once);
        if (!sse.isOpen()) {
            once.run();
        }
    }

    public boolean isOpen() {
        return sse.isOpen();
    }

    /** Ends the response once what is queued is written (idempotent). */
    public void close() {
        sse.close();
    }

    /** Completes when the stream has ended; return it from {@code ctx.future(…)}. */
    public CompletableFuture<Void> finished() {
        return finished;
    }
}
