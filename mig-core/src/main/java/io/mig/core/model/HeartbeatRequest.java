package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** HEARTBEAT request. */
public record HeartbeatRequest(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("interval_ms") Long intervalMs) implements Envelope {
}
