package io.mig.core.port.out;

import java.util.Optional;

/**
 * Cancellations recorded for message ids that were not in flight on the instance that received the
 * CANCEL (SPEC §4.7): a later INVOKE with that id in that tenant is refused for a while (10 minutes
 * by default), and — in a store shared by several instances — the instance where the invocation is
 * running learns of it through {@link #watch} and aborts it (SPEC §10).
 */
public interface CancellationStore {
    void record(String tenant, String messageId, String reason);

    /** The recorded reason (possibly empty), when a live cancellation exists. */
    Optional<String> find(String tenant, String messageId);

    /**
     * Tells {@code listener} of every cancellation recorded from now on, by this instance or any
     * other sharing the store, so that the instance running the invocation can abort it.
     *
     * @return closing it stops the notifications
     */
    AutoCloseable watch(Listener listener);

    /** Told of one recorded cancellation. */
    @FunctionalInterface
    interface Listener {
        void cancelled(String tenant, String messageId, String reason);
    }
}
