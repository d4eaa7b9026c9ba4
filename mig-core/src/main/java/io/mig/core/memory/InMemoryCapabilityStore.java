package io.mig.core.memory;

import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Capability registrations in a sorted concurrent map. */
public final class InMemoryCapabilityStore implements CapabilityStore {
    private final ConcurrentSkipListMap<String, CapabilityRegistration> byId = new ConcurrentSkipListMap<>();

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
        return byId.put(registration.id(), registration) == null;
    }

    @Override
    public boolean remove(String id) {
        return byId.remove(id) != null;
    }
}
