package io.mig.binding.nats;

import io.mig.core.port.in.InvocationHandle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The invocations whose reply is still to be sent, so that stopping can wait for them (drain), and
 * stop those it gives up on: once the binding has stopped, nobody is waiting for their reply.
 */
final class InFlightReplies {
    private final Set<Reply> pending = ConcurrentHashMap.newKeySet();

    /** A reply to be sent, counted from now on (before its invocation starts, so no stop misses it). */
    Reply open() {
        Reply reply = new Reply();
        pending.add(reply);
        reply.sent.whenComplete((r, e) -> pending.remove(reply));
        return reply;
    }

    /**
     * Waits at most {@code drain} for every pending reply to be sent, then cancels the invocations
     * still running: their replies could not be sent any more, so their providers stop too.
     */
    void awaitAll(Duration drain) {
        CompletableFuture<?> all = CompletableFuture.allOf(pending.stream().map(r -> r.sent).toArray(CompletableFuture[]::new));
        try {
            all.get(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // what is not done by the deadline is abandoned; its callers see their request time out
        }
        for (Reply reply : pending) {
            InvocationHandle invocation = reply.invocation;
            if (invocation != null) {
                invocation.cancel("the NATS binding stopped before the reply");
            }
        }
    }

    int size() {
        return pending.size();
    }

    /** One reply still to be sent, and the invocation it answers once that has started. */
    static final class Reply {
        private final CompletableFuture<Void> sent = new CompletableFuture<>();
        private volatile InvocationHandle invocation;

        void answers(InvocationHandle handle) {
            invocation = handle;
        }

        /** The reply went out (or never will): stopping no longer waits for it. */
        void sent() {
            sent.complete(null);
        }
    }
}
