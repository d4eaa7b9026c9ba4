package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HELLO request (SPEC §2). */
public record HelloRequest(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("supported_versions") List<String> supportedVersions,
        @JsonProperty("requested_bindings") List<String> requestedBindings,
        @JsonProperty("requested_features") List<String> requestedFeatures) implements Envelope {
}
