package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One event of a (tenant, topic) stream as a subscriber receives it. */
public record EventMessage(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("topic") String topic,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("sequence") long sequence,
        @JsonProperty("payload") ObjectNode payload,
        @JsonProperty("published_at") String publishedAt,
        @JsonProperty("replay") boolean replay) implements Envelope {
}
