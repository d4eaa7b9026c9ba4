package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** CANCEL request; the path's message id wins over the body's. */
public record CancelRequest(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("target_message_id") String targetMessageId,
        @JsonProperty("reason") String reason) implements Envelope {
}
