package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a capability is and how it may be called (SPEC §1.3). This is the public face returned by
 * DISCOVER; where an invocation is routed lives beside it in the registry, never in here.
 *
 * <p>Build one with {@link #builder}, which fills in the defaults:
 * <pre>{@code
 * CapabilityDescriptor summarize = CapabilityDescriptor.builder("acme.tools.summarize")
 *         .schemas("schema://acme/summarize/input/v1", "schema://acme/summarize/output/v1")
 *         .modes(InvocationMode.UNARY, InvocationMode.SERVER_STREAM)
 *         .description("Shortens a text")
 *         .build();
 * }</pre>
 * The canonical constructor stays for JSON and for code that has every field at hand.
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

    /**
     * A builder for the capability {@code id}. Defaults: version {@value Builder#DEFAULT_VERSION},
     * mode {@code unary}, no auth scopes (visible to every caller of the tenant), no event topics,
     * no QoS profile, no description. The two schema URIs have no default: SPEC §1.3 requires them,
     * so {@link Builder#build} refuses a descriptor without them.
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds a {@link CapabilityDescriptor} field by field; see {@link CapabilityDescriptor#builder}. */
    public static final class Builder {
        /** The version of a descriptor built without {@link #version}. */
        public static final String DEFAULT_VERSION = "1.0.0";

        private final String id;
        private String version = DEFAULT_VERSION;
        private List<InvocationMode> modes = List.of(InvocationMode.UNARY);
        private String inputSchemaUri;
        private String outputSchemaUri;
        private List<String> authScopes = List.of();
        private List<String> eventTopics = List.of();
        private QosProfile qos;
        private String description;

        private Builder(String id) {
            this.id = id;
        }

        /** A semantic version, e.g. {@code 2.1.0}. */
        public Builder version(String value) {
            this.version = value;
            return this;
        }

        /** How it may be called; {@code SERVER_STREAM} for a capability that streams (SPEC §3.5). */
        public Builder modes(InvocationMode... values) {
            this.modes = List.of(values);
            return this;
        }

        /** The URIs of the input and output JSON Schemas (register the documents to have payloads validated). */
        public Builder schemas(String inputUri, String outputUri) {
            this.inputSchemaUri = inputUri;
            this.outputSchemaUri = outputUri;
            return this;
        }

        /** A caller needs one of these scopes to see and invoke it (SPEC §3.3); none: everyone may. */
        public Builder authScopes(String... values) {
            this.authScopes = List.of(values);
            return this;
        }

        /** The topics it publishes to. */
        public Builder eventTopics(String... values) {
            this.eventTopics = List.of(values);
            return this;
        }

        public Builder qos(QosProfile value) {
            this.qos = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        /**
         * The descriptor. The gateway checks the rest (id and version syntax, topics, scopes) when
         * the capability is registered.
         *
         * @throws IllegalStateException when a schema URI is missing
         */
        public CapabilityDescriptor build() {
            if (inputSchemaUri == null || inputSchemaUri.isBlank() || outputSchemaUri == null || outputSchemaUri.isBlank()) {
                throw new IllegalStateException("capability " + id + " needs schemas(inputUri, outputUri) (SPEC §1.3)");
            }
            return new CapabilityDescriptor(id, version, modes, inputSchemaUri, outputSchemaUri, authScopes, eventTopics,
                    qos, description);
        }
    }

    public boolean supports(InvocationMode mode) {
        return modes.contains(mode);
    }

    /** True when a caller holding {@code scopes} may see and invoke this capability (SPEC §3.3). */
    public boolean allows(java.util.Collection<String> scopes) {
        return authScopes.isEmpty() || authScopes.stream().anyMatch(scopes::contains);
    }
}
