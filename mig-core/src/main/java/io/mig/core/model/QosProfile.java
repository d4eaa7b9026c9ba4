package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Quality of service a capability declares (SPEC §1.3). */
public record QosProfile(
        @JsonProperty("max_payload_bytes") Long maxPayloadBytes,
        @JsonProperty("supports_replay") Boolean supportsReplay,
        @JsonProperty("delivery_semantics") DeliverySemantics deliverySemantics,
        @JsonProperty("supports_ordering") Boolean supportsOrdering) {
}
