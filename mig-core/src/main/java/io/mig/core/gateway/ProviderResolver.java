package io.mig.core.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the provider of a registration: an in-process provider registered under its id, else one
 * built from its {@code provider} block by the factory of that type (built once per block).
 */
final class ProviderResolver {
    private final Map<String, CapabilityProvider> inProcess = new ConcurrentHashMap<>();
    private final Map<String, ProviderFactory> factories;
    private final Map<ObjectNode, CapabilityProvider> built = new ConcurrentHashMap<>();

    ProviderResolver(Map<String, ProviderFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    void bindInProcess(String capabilityId, CapabilityProvider provider) {
        inProcess.put(capabilityId, provider);
    }

    void unbindInProcess(String capabilityId) {
        inProcess.remove(capabilityId);
    }

    boolean hasInProcess(String capabilityId) {
        return inProcess.containsKey(capabilityId);
    }

    /** Checks a provider block by building it; the built provider is kept for later calls. */
    void check(ObjectNode spec) {
        if (spec != null) {
            build(spec);
        }
    }

    CapabilityProvider resolve(CapabilityRegistration registration) {
        if (registration.provider() != null) {
            return build(registration.provider());
        }
        return Optional.ofNullable(inProcess.get(registration.id()))
                .orElseThrow(() -> MigException.unavailable("no provider bound to capability '" + registration.id() + "'")
                        .withDetail("capability", registration.id()));
    }

    private CapabilityProvider build(ObjectNode spec) {
        CapabilityProvider cached = built.get(spec);
        if (cached != null) {
            return cached;
        }
        String type = spec.path("type").asText("");
        ProviderFactory factory = factories.get(type);
        if (factory == null) {
            throw MigException.invalid("unknown provider type '" + type + "'; known: " + factories.keySet())
                    .withDetail("field", "provider.type");
        }
        CapabilityProvider provider = factory.create(spec.deepCopy());
        if (built.size() > 10_000) {
            built.clear(); // a bound on providers of replaced registrations; live ones are rebuilt on use
        }
        built.put(spec.deepCopy(), provider);
        return provider;
    }
}
