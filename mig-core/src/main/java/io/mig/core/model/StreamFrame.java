package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One frame of a stream (WebSocket, SSE invoke, gRPC StreamInvoke). */
public record StreamFrame(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("stream_id") String streamId,
        @JsonProperty("capability") String capability,
        @JsonProperty("kind") FrameKind kind,
        @JsonProperty("payload") ObjectNode payload,
        @JsonProperty("end_stream") Boolean endStream,
        @JsonProperty("error") MigError error) implements Envelope {
}
