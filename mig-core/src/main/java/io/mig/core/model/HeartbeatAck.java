package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** HEARTBEAT answer with the real load of this server. */
public record HeartbeatAck(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("suggested_interval_ms") long suggestedIntervalMs,
        @JsonProperty("load_factor") double loadFactor) implements Envelope {
}
