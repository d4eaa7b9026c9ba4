package io.mig.binding.nats;

import io.mig.core.port.in.InvocationHandle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The invocations whose reply is still to be sent, so that stopping can wait for them (drain), and
 * stop those it gives up on: once the binding has stopped, nobody is waiting for their reply.
 */
final class InFlightReplies {
    /** The reply still to be sent, and the invocation it answers. */
    private final Map<CompletableFuture<?>, InvocationHandle> pending = new ConcurrentHashMap<>();

    void track(CompletableFuture<?> reply, InvocationHandle invocation) {
        pending.put(reply, invocation);
        reply.whenComplete((r, e) -> pending.remove(reply));
    }

    /**
     * Waits at most {@code drain} for every pending reply to be sent, then cancels the invocations
     * still running: their replies could not be sent any more, so their providers stop too.
     */
    void awaitAll(Duration drain) {
        CompletableFuture<?> all = CompletableFuture.allOf(pending.keySet().toArray(CompletableFuture[]::new));
        try {
            all.get(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // what is not done by the deadline is abandoned; its callers see their request time out
        }
        for (InvocationHandle invocation : pending.values()) {
            invocation.cancel("the NATS binding stopped before the reply");
        }
    }

    int size() {
        return pending.size();
    }
}
