package io.mig.client;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one event-stream response body line by line, asking the HTTP client for the next line only
 * while its listener wants events: with no demand downstream nothing more is read, the socket's
 * buffers fill and the gateway's own flow control takes over. Nothing is buffered here beyond the
 * event being assembled.
 */
final class SseReader implements Flow.Subscriber<String> {
    interface Listener {
        /** One complete event; called on the HTTP client's thread, never concurrently. */
        void event(SseParser.Event event);

        /** Whether to read on: downstream demand is left and the consumer has not gone away. */
        boolean wantsMore();

        /** The body ended: {@code failure} null for a clean end. Called at most once, and not after {@link #cancel()}. */
        void ended(Throwable failure);
    }

    private final Listener listener;
    private final SseParser parser = new SseParser();
    private final AtomicBoolean lineRequested = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Flow.Subscription lines;

    SseReader(Listener listener) {
        this.listener = listener;
    }

    /** Asks for the next line when the listener wants more and no line is on its way. */
    void pull() {
        Flow.Subscription s = lines;
        if (s != null && !finished.get() && listener.wantsMore() && lineRequested.compareAndSet(false, true)) {
            s.request(1);
        }
    }

    /** Stops reading and lets the HTTP client close the connection; no more callbacks follow. */
    void cancel() {
        finished.set(true);
        Flow.Subscription s = lines;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        lines = subscription;
        if (finished.get()) {
            subscription.cancel();
            return;
        }
        pull();
    }

    @Override
    public void onNext(String line) {
        lineRequested.set(false);
        if (finished.get()) {
            return;
        }
        SseParser.Event event = parser.line(line);
        if (event != null) {
            listener.event(event);
        }
        pull();
    }

    @Override
    public void onError(Throwable throwable) {
        if (finished.compareAndSet(false, true)) {
            listener.ended(throwable);
        }
    }

    @Override
    public void onComplete() {
        if (finished.compareAndSet(false, true)) {
            listener.ended(null);
        }
    }
}
