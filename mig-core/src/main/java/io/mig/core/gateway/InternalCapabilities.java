package io.mig.core.gateway;

import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry as the invocation pipeline sees it: the public store plus the gateway's own
 * capabilities (conformance self-probes). Internal ones can be found and invoked but are never
 * listed, so DISCOVER and the admin registry never show them.
 */
final class InternalCapabilities implements CapabilityStore {
    private final CapabilityStore published;
    private final Map<String, CapabilityRegistration> internal = new ConcurrentHashMap<>();

    InternalCapabilities(CapabilityStore published) {
        this.published = published;
    }

    void add(CapabilityRegistration registration) {
        internal.put(registration.id(), registration);
    }

    boolean isInternal(String id) {
        return id != null && internal.containsKey(id);
    }

    @Override
    public Optional<CapabilityRegistration> find(String id) {
        CapabilityRegistration own = id == null ? null : internal.get(id);
        return own != null ? Optional.of(own) : published.find(id);
    }

    @Override
    public List<CapabilityRegistration> list() {
        return published.list();
    }

    @Override
    public boolean put(CapabilityRegistration registration) {
        return published.put(registration);
    }

    @Override
    public boolean remove(String id) {
        return published.remove(id);
    }

    @Override
    public AutoCloseable watch(java.util.function.Consumer<String> changed) {
        return published.watch(changed);
    }
}
