package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to CANCEL (SPEC §4.7).
 *
 * @param status {@code cancelled} when an invocation was in flight and was stopped, {@code recorded}
 *               when nothing was in flight (a later INVOKE with that message id is refused)
 */
public record CancelResult(MigHeader header, String targetMessageId, boolean accepted, String status) {

    static CancelResult from(JsonNode body) {
        return new CancelResult(MigHeader.from(body.get("header")), Json.text(body, "target_message_id"),
                body.path("accepted").asBoolean(false), Json.text(body, "status"));
    }
}
