package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a capability is and how it may be called (SPEC §1.3). This is the public face returned by
 * DISCOVER; where an invocation is routed lives beside it in the registry, never in here.
 */
public record CapabilityDescriptor(
        @JsonProperty("id") String id,
        @JsonProperty("version") String version,
        @JsonProperty("modes") List<InvocationMode> modes,
        @JsonProperty("input_schema_uri") String inputSchemaUri,
        @JsonProperty("output_schema_uri") String outputSchemaUri,
        @JsonProperty("auth_scopes") List<String> authScopes,
        @JsonProperty("event_topics") List<String> eventTopics,
        @JsonProperty("qos") QosProfile qos,
        @JsonProperty("description") String description) {

    public CapabilityDescriptor {
        modes = modes == null || modes.isEmpty() ? List.of(InvocationMode.UNARY) : List.copyOf(modes);
        authScopes = authScopes == null ? List.of() : List.copyOf(authScopes);
        eventTopics = eventTopics == null ? List.of() : List.copyOf(eventTopics);
    }

    public boolean supports(InvocationMode mode) {
        return modes.contains(mode);
    }

    /** True when a caller holding {@code scopes} may see and invoke this capability (SPEC §3.3). */
    public boolean allows(java.util.Collection<String> scopes) {
        return authScopes.isEmpty() || authScopes.stream().anyMatch(scopes::contains);
    }
}
