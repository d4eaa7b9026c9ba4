package io.mig.state.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.port.out.CapabilityRegistration;

/**
 * A registration as the admin API shows it ({@code CapabilityRegistry.view}): the descriptor's fields
 * with the {@code provider} block beside them, so what is in the bucket reads like what an operator
 * registered.
 */
final class CapabilityCodec implements KvCodec<CapabilityRegistration> {
    private static final String PROVIDER = "provider";

    @Override
    public byte[] encode(CapabilityRegistration registration) {
        ObjectNode document = MigJson.toObjectNode(registration.descriptor());
        if (registration.provider() != null) {
            document.set(PROVIDER, registration.provider());
        }
        return MigJson.encode(document);
    }

    @Override
    public CapabilityRegistration decode(byte[] bytes) {
        ObjectNode document = MigJson.readObject(bytes);
        JsonNode provider = document.remove(PROVIDER);
        CapabilityDescriptor descriptor = MigJson.convert(document, CapabilityDescriptor.class);
        return new CapabilityRegistration(descriptor, provider instanceof ObjectNode block ? block : null);
    }

    @Override
    public String keyOf(CapabilityRegistration registration) {
        return registration.id();
    }
}
