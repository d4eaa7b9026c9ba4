package io.mig.core.memory;

import io.mig.core.port.out.CancellationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Recorded cancellations that expire after a while (10 minutes by default), bounded in number. */
public final class InMemoryCancellationStore implements CancellationStore {
    private final Map<String, Recorded> byKey = new LinkedHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Listeners<Listener> watchers = new Listeners<>();

    public InMemoryCancellationStore(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public void record(String tenant, String messageId, String reason) {
        remember(tenant, messageId, reason);
        watchers.tell(w -> w.cancelled(tenant, messageId, reason == null ? "" : reason));
    }

    @Override
    public AutoCloseable watch(Listener listener) {
        return watchers.add(listener);
    }

    private synchronized void remember(String tenant, String messageId, String reason) {
        String key = tenant + '\u0000' + messageId;
        byKey.remove(key);
        byKey.put(key, new Recorded(reason == null ? "" : reason, clock.instant().plus(ttl)));
        var it = byKey.values().iterator();
        Instant now = clock.instant();
        while (it.hasNext()) {
            Recorded oldest = it.next();
            if (byKey.size() > maxEntries || !now.isBefore(oldest.expiresAt)) {
                it.remove();
            } else {
                break;
            }
        }
    }

    @Override
    public synchronized Optional<String> find(String tenant, String messageId) {
        if (byKey.isEmpty()) {
            return Optional.empty(); // the common case: no CANCEL is waiting, no key to build
        }
        String key = tenant + '\u0000' + messageId;
        Recorded recorded = byKey.get(key);
        if (recorded == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(recorded.expiresAt)) {
            byKey.remove(key);
            return Optional.empty();
        }
        return Optional.of(recorded.reason);
    }

    private record Recorded(String reason, Instant expiresAt) {
    }
}
