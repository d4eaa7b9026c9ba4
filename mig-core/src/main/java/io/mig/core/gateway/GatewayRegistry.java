package io.mig.core.gateway;

import io.mig.core.error.MigException;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderOptions;
import java.util.Objects;

/**
 * The capability registry of one gateway: the store of registrations, the providers bound to them
 * (in-process, or built from a {@code provider} block) and the gateway's own internal capabilities,
 * kept consistent with each other. {@link MigGateway}'s registry methods are this, unchanged.
 */
final class GatewayRegistry {
    private final CapabilityStore capabilities;
    private final InternalCapabilities lookup;
    private final ProviderResolver providers;

    GatewayRegistry(CapabilityStore capabilities, ProviderResolver providers) {
        this.capabilities = capabilities;
        this.lookup = new InternalCapabilities(capabilities);
        this.providers = providers;
    }

    /** The published store. */
    CapabilityStore store() {
        return capabilities;
    }

    /** The store as the invocation pipeline reads it: the published capabilities and the internal ones. */
    InternalCapabilities lookup() {
        return lookup;
    }

    ProviderResolver providers() {
        return providers;
    }

    boolean register(CapabilityRegistration registration) {
        CapabilityRules.check(registration.descriptor());
        refuseInternal(registration.id());
        providers.check(registration.id(), registration.provider());
        if (registration.provider() != null) {
            providers.unbindInProcess(registration.id());
        } else {
            providers.unbindBuilt(registration.id());
        }
        return capabilities.put(registration);
    }

    void check(CapabilityRegistration registration) {
        CapabilityRules.check(registration.descriptor());
        refuseInternal(registration.id());
        providers.checkUnbound(registration.id(), registration.provider());
    }

    boolean register(CapabilityDescriptor descriptor, CapabilityProvider provider, ProviderOptions options) {
        CapabilityRules.check(descriptor);
        refuseInternal(descriptor.id());
        providers.unbind(descriptor.id());
        providers.bindInProcess(descriptor.id(), Objects.requireNonNull(provider, "provider"),
                Objects.requireNonNull(options, "options"));
        return capabilities.put(new CapabilityRegistration(descriptor, null));
    }

    boolean unregister(String capabilityId) {
        if (lookup.isInternal(capabilityId)) {
            return false;
        }
        providers.unbind(capabilityId);
        return capabilities.remove(capabilityId);
    }

    void registerInternal(CapabilityDescriptor descriptor, CapabilityProvider provider) {
        CapabilityRules.check(descriptor);
        providers.bindInProcess(descriptor.id(), Objects.requireNonNull(provider, "provider"), ProviderOptions.DEFAULTS);
        lookup.add(new CapabilityRegistration(descriptor, null));
    }

    private void refuseInternal(String id) {
        if (lookup.isInternal(id)) {
            throw MigException.invalid("capability id '" + id + "' is reserved by the gateway")
                    .withDetail("field", "descriptor.id");
        }
    }
}
