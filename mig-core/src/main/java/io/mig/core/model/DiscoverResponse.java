package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** DISCOVER answer: the capabilities the caller may see. */
public record DiscoverResponse(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("capabilities") List<CapabilityDescriptor> capabilities) implements Envelope {
}
