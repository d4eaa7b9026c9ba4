package io.mig.binding.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every long-lived HTTP stream shares: the timer and its one keep-alive sweep, liveness probes
 * where a connection cannot report a vanished client, and the list of open streams that a shutdown
 * ends with a terminal frame.
 */
final class StreamSupport implements AutoCloseable {
    /**
     * How often an idle SSE connection is probed where the connection cannot tell of end-of-stream
     * itself, so a vanished client is noticed within a second.
     */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "mig-http-streams");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();
    private final Duration keepAlive;
    private final KeepAliveSweep keepAlives;
    private final LateWatches lateWatches = new LateWatches(timer);

    StreamSupport(Duration keepAlive) {
        this.keepAlive = keepAlive;
        this.keepAlives = new KeepAliveSweep(timer, keepAlive);
    }

    /** Sends the SSE response head; the returned future completes when the stream ends. */
    CompletableFuture<Void> open(SseStream sse) {
        try {
            return sse.open(timer, keepAlives, keepAlive, PROBE_INTERVAL.compareTo(keepAlive) < 0 ? PROBE_INTERVAL : keepAlive);
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away before the stream opened", e);
        }
    }

    /** Tracks a stream until its handle is closed; {@code terminate} ends it with a terminal frame. */
    OpenStream track(Runnable terminate) {
        OpenStream stream = new OpenStream(terminate);
        open.add(stream);
        return stream;
    }

    int openStreams() {
        return open.size();
    }

    /**
     * Ends every open stream with its terminal frame (shutdown), then waits up to {@code grace} for
     * them to close, so that closing frames reach their clients before the server stops.
     */
    void terminateAll(Duration grace) {
        for (OpenStream stream : Set.copyOf(open)) {
            try {
                stream.terminate.run();
            } catch (RuntimeException ignored) {
                // the client may be gone already
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The hang-up watches of unary calls, on this timer. */
    LateWatches lateWatches() {
        return lateWatches;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    final class OpenStream implements AutoCloseable {
        private final Runnable terminate;

        private OpenStream(Runnable terminate) {
            this.terminate = terminate;
        }

        @Override
        public void close() {
            open.remove(this);
        }
    }
}
