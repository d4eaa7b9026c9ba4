package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a subscription (SPEC §3.4).
 *
 * @param sequence gap-free per (tenant, topic), starting at 1; a subscription delivers each once, in order
 * @param replay   true for events that were retained before the subscription caught up with the live stream
 */
public record MigEvent(MigHeader header, String topic, String eventId, long sequence, JsonNode payload,
                       String publishedAt, boolean replay) {

    static MigEvent from(JsonNode body) {
        return new MigEvent(MigHeader.from(body.get("header")), Json.text(body, "topic"), Json.text(body, "event_id"),
                body.path("sequence").asLong(), body.path("payload").isObject() ? body.get("payload") : Json.object(),
                Json.text(body, "published_at"), body.path("replay").asBoolean(false));
    }

    /** The payload bound to {@code type} with Jackson. */
    public <T> T payloadAs(Class<T> type) {
        return Json.convert(payload, type);
    }
}
