package io.mig.core.memory;

import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentSkipListMap;

/** Capability registrations in a sorted concurrent map. */
public final class InMemoryCapabilityStore implements CapabilityStore {
    private final ConcurrentSkipListMap<String, CapabilityRegistration> byId = new ConcurrentSkipListMap<>();
    private final Listeners<Consumer<String>> watchers = new Listeners<>();

    @Override
    public Optional<CapabilityRegistration> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<CapabilityRegistration> list() {
        return List.copyOf(byId.values());
    }

    @Override
    public boolean put(CapabilityRegistration registration) {
        boolean added = byId.put(registration.id(), registration) == null;
        watchers.tell(w -> w.accept(registration.id()));
        return added;
    }

    @Override
    public boolean remove(String id) {
        boolean removed = byId.remove(id) != null;
        if (removed) {
            watchers.tell(w -> w.accept(id));
        }
        return removed;
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed) {
        return watchers.add(changed);
    }
}
