package io.mig.core.memory;

import io.mig.core.port.out.QuotaLimit;
import io.mig.core.port.out.QuotaStore;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * Quota limits and their counts in concurrent maps. A tenant's counts change only inside
 * {@link ConcurrentHashMap#compute} of its entry, so {@link #tryAcquire} is exact however many
 * callers race, and a limit's replacement or removal resets the counts atomically with respect to
 * them. Counts are kept per window start; only the two newest windows of a tenant are kept, which
 * is all a caller whose clock straddles a window boundary can still ask about.
 */
public final class InMemoryQuotaStore implements QuotaStore {
    /** Windows kept per tenant: the current one and the one before it. */
    private static final int WINDOWS_KEPT = 2;

    private final ConcurrentSkipListMap<String, QuotaLimit> limits = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, TreeMap<Long, Long>> counts = new ConcurrentHashMap<>();
    private final Listeners<Consumer<String>> watchers = new Listeners<>();

    @Override
    public Optional<QuotaLimit> find(String tenant) {
        return tenant == null ? Optional.empty() : Optional.ofNullable(limits.get(tenant));
    }

    @Override
    public List<QuotaLimit> list() {
        return List.copyOf(limits.values());
    }

    @Override
    public void put(QuotaLimit limit) {
        // the counts' lock orders this against tryAcquire: a count is either before the reset or after it
        counts.compute(limit.tenant(), (tenant, windows) -> {
            QuotaLimit previous = limits.put(tenant, limit);
            return limit.sameKindAs(previous) ? windows : null;
        });
        watchers.tell(w -> w.accept(limit.tenant()));
    }

    @Override
    public boolean remove(String tenant) {
        if (tenant == null) {
            return false;
        }
        boolean[] removed = {false};
        counts.compute(tenant, (t, windows) -> {
            removed[0] = limits.remove(t) != null;
            return null;
        });
        if (removed[0]) {
            watchers.tell(w -> w.accept(tenant));
        }
        return removed[0];
    }

    @Override
    public boolean tryAcquire(QuotaLimit limit, long windowStart) {
        boolean[] admitted = {false};
        counts.compute(limit.tenant(), (tenant, windows) -> {
            TreeMap<Long, Long> own = windows == null ? new TreeMap<>() : windows;
            long used = own.getOrDefault(windowStart, 0L);
            if (used < limit.max()) {
                own.put(windowStart, used + 1);
                admitted[0] = true;
                while (own.size() > WINDOWS_KEPT) {
                    own.pollFirstEntry();
                }
            }
            return own.isEmpty() ? null : own;
        });
        return admitted[0];
    }

    @Override
    public long used(QuotaLimit limit, long windowStart) {
        long[] used = {0};
        counts.computeIfPresent(limit.tenant(), (tenant, windows) -> {
            used[0] = windows.getOrDefault(windowStart, 0L);
            return windows;
        });
        return used[0];
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed) {
        return watchers.add(changed);
    }
}
