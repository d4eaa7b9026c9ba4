package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer to PUBLISH (SPEC §4.9): the event's id and its sequence in the tenant's topic. */
public record PublishResult(MigHeader header, String topic, String eventId, long sequence, boolean accepted) {

    static PublishResult from(JsonNode body) {
        return new PublishResult(MigHeader.from(body.get("header")), Json.text(body, "topic"), Json.text(body, "event_id"),
                body.path("sequence").asLong(), body.path("accepted").asBoolean(false));
    }
}
