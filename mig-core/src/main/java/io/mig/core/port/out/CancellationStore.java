package io.mig.core.port.out;

import java.util.Optional;

/**
 * Cancellations recorded for message ids that were not in flight (SPEC §4.7): a later INVOKE with
 * that id in that tenant is refused for a while.
 */
public interface CancellationStore {
    void record(String tenant, String messageId, String reason);

    /** The recorded reason (possibly empty), when a live cancellation exists. */
    Optional<String> find(String tenant, String messageId);
}
