package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One frame of a streamed INVOKE (SPEC §1.2, §3.6): intermediate {@code response} frames with
 * {@code end_stream = false}, then one terminal frame with {@code end_stream = true}. Error frames
 * never arrive as frames: they end the publisher with a {@link MigClientException}.
 */
public record StreamFrame(MigHeader header, String streamId, String capability, String kind, JsonNode payload,
                          boolean endStream) {

    static StreamFrame from(JsonNode frame) {
        return new StreamFrame(MigHeader.from(frame.get("header")), Json.text(frame, "stream_id"),
                Json.text(frame, "capability"), Json.text(frame, "kind"),
                frame.path("payload").isObject() ? frame.get("payload") : Json.object(),
                frame.path("end_stream").asBoolean(false));
    }

    /** The payload bound to {@code type} with Jackson. */
    public <T> T payloadAs(Class<T> type) {
        return Json.convert(payload, type);
    }
}
