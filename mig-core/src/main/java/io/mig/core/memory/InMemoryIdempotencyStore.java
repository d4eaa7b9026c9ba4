package io.mig.core.memory;

import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeResponse;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Idempotency results, held per tenant in insertion order and bounded in entries and bytes per
 * tenant and overall. Successes live for the TTL (expired ones are swept, not kept until a bound
 * pushes them out); failures are forgotten at once. Past a tenant's bound, that tenant's own
 * oldest results go; past the global bound, the tenant holding the most bytes gives them up, so one
 * tenant's churn never evicts another tenant's results while it stays within its share. A running
 * claim is never evicted: its duplicates are waiting on it.
 *
 * <p>A stored result is kept as its JSON bytes, the very bytes its size is counted in, and decoded
 * for each duplicate: a parsed tree would cost up to some 25 times its JSON, so byte bounds counted
 * in JSON but holding trees would not bound the heap.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    /** Bytes counted per stored result on top of its JSON: key, fingerprint, bookkeeping. */
    static final int ENTRY_OVERHEAD_BYTES = 256;

    private final Map<String, TenantResults> tenants = new HashMap<>();
    private final Duration ttl;
    private final Bounds bounds;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private int entries;
    private long bytes;
    private Instant nextSweep = Instant.MIN;

    /**
     * @param maxEntries results of all tenants
     * @param maxBytes result bytes of all tenants
     * @param maxEntriesPerTenant results of one tenant
     * @param maxBytesPerTenant result bytes of one tenant; a larger single result is not stored
     */
    public record Bounds(int maxEntries, long maxBytes, int maxEntriesPerTenant, long maxBytesPerTenant) {
        public Bounds {
            if (maxEntries < 1 || maxBytes < 1 || maxEntriesPerTenant < 1 || maxBytesPerTenant < 1) {
                throw new IllegalArgumentException("idempotency bounds must be at least 1");
            }
        }
    }

    /** A store bounded in entries only (tests, embedding without byte limits). */
    public InMemoryIdempotencyStore(Duration ttl, int maxEntries, Clock clock) {
        this(ttl, new Bounds(maxEntries, Long.MAX_VALUE, maxEntries, Long.MAX_VALUE), clock, GatewayMetrics.NONE);
    }

    public InMemoryIdempotencyStore(Duration ttl, Bounds bounds, Clock clock, GatewayMetrics metrics) {
        this.ttl = ttl;
        this.bounds = bounds;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public synchronized Claim claim(Key key, String fingerprint) {
        Instant now = clock.instant();
        sweepExpired(now);
        TenantResults own = tenants.computeIfAbsent(key.tenant(), t -> new TenantResults());
        Entry existing = own.results.get(key);
        if (existing != null && existing.expired(now)) {
            remove(own, key);
            own = tenants.computeIfAbsent(key.tenant(), t -> new TenantResults());
            existing = null;
        }
        if (existing != null) {
            return new Claim(false, existing.answer(), existing.fingerprint);
        }
        Entry entry = new Entry(fingerprint, new CompletableFuture<>());
        own.results.put(key, entry);
        entries++;
        evictOverflow(key.tenant(), own);
        return new Claim(true, entry.running, fingerprint);
    }

    @Override
    public void complete(Key key, InvokeResponse response) {
        byte[] json = MigJson.encode(response);
        long size = ENTRY_OVERHEAD_BYTES + key.idempotencyKey().length() + json.length;
        Entry entry;
        CompletableFuture<InvokeResponse> waiting = null;
        synchronized (this) {
            TenantResults own = tenants.get(key.tenant());
            entry = own == null ? null : own.results.get(key);
            if (entry != null && entry.expiresAt == null) {
                waiting = entry.running;
                if (size > bounds.maxBytesPerTenant()) {
                    // the duplicates waiting now still get it; later ones run again rather than evict everything
                    remove(own, key);
                    metrics.boundHit("idempotency_bytes_per_tenant");
                } else {
                    entry.store(json, clock.instant().plus(ttl));
                    entry.bytes = size;
                    own.finished++;
                    own.bytes += size;
                    bytes += size;
                    evictOverflow(key.tenant(), own);
                }
            }
        }
        if (waiting != null) {
            waiting.complete(response);
        }
    }

    @Override
    public void fail(Key key, Throwable failure) {
        Entry entry = null;
        synchronized (this) {
            TenantResults own = tenants.get(key.tenant());
            if (own != null) {
                entry = remove(own, key);
            }
        }
        if (entry != null && entry.running != null) {
            entry.running.completeExceptionally(failure);
        }
    }

    /** Entries currently held (running or stored). */
    public synchronized int size() {
        return entries;
    }

    /** Entries currently held for one tenant. */
    public synchronized int size(String tenant) {
        TenantResults own = tenants.get(tenant);
        return own == null ? 0 : own.results.size();
    }

    /** Bytes of the stored results, by the store's estimate. */
    public synchronized long bytes() {
        return bytes;
    }

    private Entry remove(TenantResults own, Key key) {
        Entry removed = own.results.remove(key);
        if (removed != null) {
            forget(own, removed);
        }
        if (own.results.isEmpty()) {
            tenants.remove(key.tenant(), own);
        }
        return removed;
    }

    private void forget(TenantResults own, Entry entry) {
        entries--;
        own.bytes -= entry.bytes;
        bytes -= entry.bytes;
        if (entry.expiresAt != null) {
            own.finished--;
        }
    }

    private void evictOverflow(String tenant, TenantResults own) {
        if (own.results.size() > bounds.maxEntriesPerTenant()) {
            evictOldest(tenant, own, () -> own.results.size() > bounds.maxEntriesPerTenant(), "idempotency_entries_per_tenant");
        }
        if (own.bytes > bounds.maxBytesPerTenant()) {
            evictOldest(tenant, own, () -> own.bytes > bounds.maxBytesPerTenant(), "idempotency_bytes_per_tenant");
        }
        while (entries > bounds.maxEntries() || bytes > bounds.maxBytes()) {
            String heaviest = heaviestTenant();
            if (heaviest == null || !evictOldest(heaviest, tenants.get(heaviest),
                    () -> false, entries > bounds.maxEntries() ? "idempotency_entries" : "idempotency_bytes")) {
                return; // only running claims are left
            }
        }
    }

    /** Removes the tenant's oldest finished results while {@code over} holds (at least one). */
    private boolean evictOldest(String tenant, TenantResults own, BooleanSupplier over, String bound) {
        boolean evicted = false;
        Iterator<Map.Entry<Key, Entry>> it = own.results.entrySet().iterator();
        while (it.hasNext() && (!evicted || over.getAsBoolean())) {
            Entry oldest = it.next().getValue();
            if (oldest.expiresAt != null) {
                it.remove();
                forget(own, oldest);
                evicted = true;
            }
        }
        if (own.results.isEmpty()) {
            tenants.remove(tenant, own);
        }
        if (evicted) {
            metrics.boundHit(bound);
        }
        return evicted;
    }

    private String heaviestTenant() {
        String heaviest = null;
        long most = -1;
        for (Map.Entry<String, TenantResults> e : tenants.entrySet()) {
            TenantResults t = e.getValue();
            long weight = t.bytes + t.finished; // entries break ties among byte-light tenants
            if (weight > most && t.finished > 0) {
                heaviest = e.getKey();
                most = weight;
            }
        }
        return heaviest;
    }

    /** Drops expired results, at most once per second of clock time, so the TTL frees memory by itself. */
    private void sweepExpired(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plusSeconds(1);
        Iterator<TenantResults> tenantIt = tenants.values().iterator();
        while (tenantIt.hasNext()) {
            TenantResults own = tenantIt.next();
            Iterator<Entry> it = own.results.values().iterator();
            while (it.hasNext()) {
                Entry entry = it.next();
                if (entry.expired(now)) {
                    it.remove();
                    forget(own, entry);
                }
            }
            if (own.results.isEmpty()) {
                tenantIt.remove();
            }
        }
    }

    private static final class TenantResults {
        final LinkedHashMap<Key, Entry> results = new LinkedHashMap<>();
        long bytes;
        int finished; // stored results, as opposed to running claims
    }

    /** A running claim (its duplicates wait on {@code running}) or, once stored, the result's JSON. */
    private static final class Entry {
        final String fingerprint;
        CompletableFuture<InvokeResponse> running; // null once stored
        byte[] stored; // null while running
        Instant expiresAt; // null while running
        long bytes;

        Entry(String fingerprint, CompletableFuture<InvokeResponse> running) {
            this.fingerprint = fingerprint;
            this.running = running;
        }

        void store(byte[] json, Instant expiresAt) {
            this.stored = json;
            this.expiresAt = expiresAt;
            this.running = null;
        }

        /** What a duplicate gets: the running call, or a fresh copy of the stored result. */
        CompletableFuture<InvokeResponse> answer() {
            return stored == null ? running : CompletableFuture.completedFuture(MigJson.decode(stored, InvokeResponse.class));
        }

        boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }
}
