package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** INVOKE request; the path's capability wins over the body's. */
public record InvokeRequest(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("capability") String capability,
        @JsonProperty("payload") ObjectNode payload,
        @JsonProperty("stream_preference") StreamPreference streamPreference) implements Envelope {
}
