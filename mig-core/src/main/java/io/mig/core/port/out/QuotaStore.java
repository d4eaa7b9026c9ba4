package io.mig.core.port.out;

import java.util.List;
import java.util.Optional;

/**
 * Tenants' limits and their counts (SPEC §4.8). {@code find} is on the path of every invocation: a
 * store outside the JVM answers it from a local copy kept current by watching. Counting must be exact
 * under concurrency across every instance sharing the store: {@link #tryAcquire} never admits more
 * than {@code max} in one window, however many callers race.
 */
public interface QuotaStore extends StoreChanges {
    Optional<QuotaLimit> find(String tenant);

    /** Every limit, ordered by tenant. */
    List<QuotaLimit> list();

    /**
     * Inserts or replaces a tenant's limit. A replacement of the same kind
     * ({@link QuotaLimit#sameKindAs}) keeps the count; otherwise counting starts again from 0.
     */
    void put(QuotaLimit limit);

    /** Removes the limit and its counts; true when there was one. */
    boolean remove(String tenant);

    /**
     * Counts one invocation in the window starting at {@code windowStart} (0 for a lifetime limit)
     * when fewer than {@code limit.max()} were counted in it.
     *
     * @return true when counted (admitted), false when the window is full
     */
    boolean tryAcquire(QuotaLimit limit, long windowStart);

    /** Invocations counted in the window starting at {@code windowStart} (0 for a lifetime limit). */
    long used(QuotaLimit limit, long windowStart);

    /** A store of quota limits and counters in this JVM only (the default of {@code MIGD_STATE=memory}). */
    static QuotaStore inMemory() {
        return new io.mig.core.memory.InMemoryQuotaStore();
    }
}
