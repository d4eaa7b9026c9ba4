package io.mig.binding.nats;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The invocations whose reply is still to be sent, so that stopping can wait for them (drain). */
final class InFlightReplies {
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    void track(CompletableFuture<?> reply) {
        pending.add(reply);
        reply.whenComplete((r, e) -> pending.remove(reply));
    }

    /** Waits at most {@code drain} for every pending reply to be sent. */
    void awaitAll(Duration drain) {
        CompletableFuture<?> all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        try {
            all.get(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // what is not done by the deadline is abandoned; its callers see their request time out
        }
    }

    int size() {
        return pending.size();
    }
}
