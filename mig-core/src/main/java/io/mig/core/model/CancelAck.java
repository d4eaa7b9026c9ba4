package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** CANCEL answer: {@code cancelled} when something in flight stopped, else {@code recorded}. */
public record CancelAck(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("target_message_id") String targetMessageId,
        @JsonProperty("accepted") boolean accepted,
        @JsonProperty("status") String status) implements Envelope {
}
