package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** PUBLISH request; the path's topic wins over the body's. */
public record PublishRequest(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("topic") String topic,
        @JsonProperty("key") String key,
        @JsonProperty("payload") ObjectNode payload) implements Envelope {
}
