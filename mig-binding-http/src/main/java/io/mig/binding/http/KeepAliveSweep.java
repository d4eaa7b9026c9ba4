package io.mig.binding.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One timer task for the keep-alive comments of every open SSE stream, instead of a timer per
 * stream: at most once a second it gives each stream idle for nearly the keep-alive interval its
 * {@code : keep-alive}, so no stream goes longer than the interval without a byte (SPEC §3.4). With
 * 10,000 idle streams that is one wake-up a second rather than 667 (issue #12, P5b).
 */
final class KeepAliveSweep {
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private final long idleNanos;

    KeepAliveSweep(ScheduledExecutorService timer, Duration keepAlive) {
        long period = Math.max(1, Math.min(1_000, keepAlive.toMillis() / 3));
        this.idleNanos = keepAlive.toNanos() - TimeUnit.MILLISECONDS.toNanos(period);
        timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    void add(SseStream stream) {
        streams.add(stream);
    }

    void remove(SseStream stream) {
        streams.remove(stream);
    }

    int size() {
        return streams.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (SseStream stream : streams) {
            try {
                stream.keepAliveIfIdle(now, idleNanos);
            } catch (RuntimeException e) {
                stream.abort(); // a stream that cannot take a comment has no client left
            }
        }
    }
}
