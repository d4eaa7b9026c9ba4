package io.mig.core.memory;

import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Capability registrations in a sorted concurrent map. */
public final class InMemoryCapabilityStore implements CapabilityStore {
    private final WatchedEntries<CapabilityRegistration> entries = new WatchedEntries<>();

    @Override
    public Optional<CapabilityRegistration> find(String id) {
        return entries.find(id);
    }

    @Override
    public List<CapabilityRegistration> list() {
        return entries.list();
    }

    @Override
    public boolean put(CapabilityRegistration registration) {
        return entries.put(registration.id(), registration);
    }

    @Override
    public boolean remove(String id) {
        return entries.remove(id);
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed) {
        return entries.watch(changed);
    }
}
