package io.mig.core.port.out;

import java.util.Map;

/**
 * Successful invocations counted per {@code (tenant, capability)} (the usage API). Counting is on the
 * path of every successful call, so a store outside the JVM may batch increments and apply them a
 * little later (at most a second or so); a count is never lost once {@link #flush} returned, and
 * never counted twice.
 */
public interface UsageStore {
    /** Counts one successful invocation. */
    void increment(String tenant, String capability);

    /**
     * The counts of one tenant, or of every tenant when {@code tenant} is null, by key; counts this
     * instance made before its last {@link #flush} are included.
     */
    Map<Key, Long> counts(String tenant);

    /** Applies every increment made so far; a store that applies them at once does nothing. */
    default void flush() {
    }

    record Key(String tenant, String capability) {
    }

    /** A store of usage counts in this JVM only (the default of {@code MIGD_STATE=memory}). */
    static UsageStore inMemory() {
        return new io.mig.core.memory.InMemoryUsageStore();
    }
}
