package io.mig.core.port.out;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.model.CapabilityDescriptor;

/**
 * A registered capability: its public descriptor and, separately, where invocations go
 * ({@code provider}, e.g. {@code {"type":"http","url":…}}; null when served in-process or unbound).
 */
public record CapabilityRegistration(CapabilityDescriptor descriptor, ObjectNode provider) {
    public String id() {
        return descriptor.id();
    }
}
