package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** PUBLISH answer: where the event landed in its (tenant, topic) stream. */
public record PublishAck(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("topic") String topic,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("sequence") long sequence,
        @JsonProperty("accepted") boolean accepted) implements Envelope {
}
