package io.mig.core.port.out;

import io.mig.core.model.InvokeResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers invocation results by {@code (tenant, capability, idempotency_key)} (SPEC §4.3).
 * A claim either wins (the caller runs the invocation and must {@link #complete} or {@link #fail})
 * or returns the earlier claim's result future, whether still running or done.
 */
public interface IdempotencyStore {
    Claim claim(Key key, String fingerprint);

    /** Stores a success for the store's time to live and completes the waiting duplicates. */
    void complete(Key key, InvokeResponse response);

    /** Forgets the key (failures are not stored) after failing the waiting duplicates. */
    void fail(Key key, Throwable failure);

    record Key(String tenant, String capability, String idempotencyKey) {
    }

    /**
     * @param owner true when this caller must run the invocation
     * @param result the shared result; for a duplicate, the earlier call's
     * @param fingerprint the payload fingerprint of the first call under this key
     */
    record Claim(boolean owner, CompletableFuture<InvokeResponse> result, String fingerprint) {
    }
}
