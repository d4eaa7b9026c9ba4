package io.mig.core.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderFactory;
import io.mig.core.spi.ProviderOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the provider of a registration: one built from its {@code provider} block by the factory
 * of that type, else an in-process provider bound under its id. Each capability gets its own
 * {@link BoundProvider} (so its own bulkhead), built once and rebuilt when its block changes.
 */
final class ProviderResolver {
    private final Map<String, BoundProvider> inProcess = new ConcurrentHashMap<>();
    private final Map<String, ProviderFactory> factories;
    private final Map<String, Built> built = new ConcurrentHashMap<>();

    ProviderResolver(Map<String, ProviderFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    void bindInProcess(String capabilityId, CapabilityProvider provider, ProviderOptions options) {
        inProcess.put(capabilityId, new BoundProvider(capabilityId, provider, options));
    }

    /** Forgets every provider of the capability (unregistered, or now served elsewhere). */
    void unbind(String capabilityId) {
        inProcess.remove(capabilityId);
        built.remove(capabilityId);
    }

    void unbindInProcess(String capabilityId) {
        inProcess.remove(capabilityId);
    }

    void unbindBuilt(String capabilityId) {
        built.remove(capabilityId);
    }

    /**
     * Drops the provider built for a capability when {@code current} (what the store holds now, null
     * once removed) no longer has the block it was built from — a change made by another instance
     * sharing the store. Calls would rebuild it anyway; this frees it at once.
     */
    void forgetStale(String capabilityId, CapabilityRegistration current) {
        Built cached = built.get(capabilityId);
        if (cached != null && (current == null || current.provider() == null || !cached.spec.equals(current.provider()))) {
            built.remove(capabilityId, cached);
        }
    }

    /** True when a provider built from a block is kept for the capability. */
    boolean hasBuilt(String capabilityId) {
        return built.containsKey(capabilityId);
    }

    boolean hasInProcess(String capabilityId) {
        return inProcess.containsKey(capabilityId);
    }

    /** Checks a provider block by building it; the built provider is kept for later calls. */
    void check(String capabilityId, ObjectNode spec) {
        if (spec != null) {
            build(capabilityId, spec);
        }
    }

    /** Checks a provider block by building it, and keeps nothing: calls go on to whatever is bound now. */
    void checkUnbound(String capabilityId, ObjectNode spec) {
        if (spec != null) {
            create(capabilityId, spec);
        }
    }

    /**
     * True when the registration's provider declares that it answers without blocking: the
     * in-process one bound under its id, or the one built from its block — only once built (the
     * first call builds it on a worker, since building may block) and only while that block is
     * still the registration's.
     */
    boolean answersWithoutBlocking(CapabilityRegistration registration) {
        BoundProvider bound;
        if (registration.provider() != null) {
            Built cached = built.get(registration.id());
            bound = cached != null && cached.spec.equals(registration.provider()) ? cached.provider : null;
        } else {
            bound = inProcess.get(registration.id());
        }
        return bound != null && bound.provider().answersWithoutBlocking();
    }

    BoundProvider resolve(CapabilityRegistration registration) {
        if (registration.provider() != null) {
            return build(registration.id(), registration.provider());
        }
        BoundProvider bound = inProcess.get(registration.id());
        if (bound == null) {
            throw MigException.unavailable("no provider bound to capability '" + registration.id() + "'")
                    .withDetail("capability", registration.id());
        }
        return bound;
    }

    private BoundProvider build(String capabilityId, ObjectNode spec) {
        Built cached = built.get(capabilityId);
        // a few small fields: comparing them on each call is cheaper than any invalidation protocol
        if (cached != null && cached.spec.equals(spec)) {
            return cached.provider;
        }
        BoundProvider bound = create(capabilityId, spec);
        built.put(capabilityId, new Built(spec.deepCopy(), bound));
        return bound;
    }

    private BoundProvider create(String capabilityId, ObjectNode spec) {
        String type = spec.path("type").asText("");
        ProviderFactory factory = factories.get(type);
        if (factory == null) {
            throw MigException.invalid("unknown provider type '" + type + "'; known: " + factories.keySet())
                    .withDetail("field", "provider.type");
        }
        ProviderOptions options = ProviderOptions.from(spec);
        CapabilityProvider provider = factory.create(spec.deepCopy());
        return new BoundProvider(capabilityId, provider, options);
    }

    private record Built(ObjectNode spec, BoundProvider provider) {
    }
}
