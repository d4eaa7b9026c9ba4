package io.mig.core.memory;

import io.mig.core.port.out.UsageStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Usage counts in a concurrent map of adders: increments apply at once, so {@link #flush} has nothing to do. */
public final class InMemoryUsageStore implements UsageStore {
    private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void increment(String tenant, String capability) {
        counts.computeIfAbsent(new Key(tenant, capability), k -> new LongAdder()).increment();
    }

    @Override
    public Map<Key, Long> counts(String tenant) {
        return counts.entrySet().stream()
                .filter(e -> tenant == null || tenant.equals(e.getKey().tenant()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().sum()));
    }
}
