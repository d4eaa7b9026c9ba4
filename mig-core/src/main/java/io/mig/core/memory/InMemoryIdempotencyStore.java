package io.mig.core.memory;

import io.mig.core.model.InvokeResponse;
import io.mig.core.port.out.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Idempotency results in a bounded, insertion-ordered map: successes live for the TTL, the oldest
 * entries are evicted beyond {@code maxEntries}, and failures are forgotten at once.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    public InMemoryIdempotencyStore(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public synchronized Claim claim(Key key, String fingerprint) {
        Instant now = clock.instant();
        Entry existing = entries.get(key);
        if (existing != null && existing.expiresAt != null && !now.isBefore(existing.expiresAt)) {
            entries.remove(key);
            existing = null;
        }
        if (existing != null) {
            return new Claim(false, existing.result, existing.fingerprint);
        }
        Entry entry = new Entry(fingerprint, new CompletableFuture<>());
        entries.put(key, entry);
        evictOverflow(now);
        return new Claim(true, entry.result, fingerprint);
    }

    @Override
    public void complete(Key key, InvokeResponse response) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
            if (entry != null) {
                entry.expiresAt = clock.instant().plus(ttl);
            }
        }
        if (entry != null) {
            entry.result.complete(response);
        }
    }

    @Override
    public void fail(Key key, Throwable failure) {
        Entry entry;
        synchronized (this) {
            entry = entries.remove(key);
        }
        if (entry != null) {
            entry.result.completeExceptionally(failure);
        }
    }

    /** Entries currently held (running or stored). */
    public synchronized int size() {
        return entries.size();
    }

    private void evictOverflow(Instant now) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && entries.size() > maxEntries) {
            Entry oldest = it.next().getValue();
            // never evict a running claim: its duplicates are waiting on it
            if (oldest.result.isDone() || (oldest.expiresAt != null && !now.isBefore(oldest.expiresAt))) {
                it.remove();
            }
        }
    }

    private static final class Entry {
        final String fingerprint;
        final CompletableFuture<InvokeResponse> result;
        Instant expiresAt; // null while running

        Entry(String fingerprint, CompletableFuture<InvokeResponse> result) {
            this.fingerprint = fingerprint;
            this.result = result;
        }
    }
}
