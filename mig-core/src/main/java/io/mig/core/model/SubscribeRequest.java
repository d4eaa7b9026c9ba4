package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SUBSCRIBE request. {@code resume_cursor} is the last sequence the subscriber has seen (a
 * non-negative integer as text); only later events are delivered. {@code max_inflight} bounds the
 * queue of live events held for a slow subscriber.
 */
public record SubscribeRequest(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("topic") String topic,
        @JsonProperty("consumer_id") String consumerId,
        @JsonProperty("resume_cursor") String resumeCursor,
        @JsonProperty("max_inflight") Integer maxInflight) implements Envelope {
}
