package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A capability descriptor as DISCOVER returns it (SPEC §1.3).
 *
 * @param modes       {@code unary}, {@code server_stream}, …
 * @param qos         the {@code qos} object, or null when the descriptor has none
 * @param description free text, or null
 */
public record Capability(String id, String version, List<String> modes, String inputSchemaUri, String outputSchemaUri,
                         List<String> authScopes, List<String> eventTopics, JsonNode qos, String description) {

    static Capability from(JsonNode c) {
        return new Capability(Json.text(c, "id"), Json.text(c, "version"), Json.strings(c.path("modes")),
                Json.text(c, "input_schema_uri"), Json.text(c, "output_schema_uri"), Json.strings(c.path("auth_scopes")),
                Json.strings(c.path("event_topics")), c.path("qos").isObject() ? c.get("qos") : null,
                Json.text(c, "description"));
    }

    /** Whether the capability can answer as a stream ({@link MigClient#invokeStream}). */
    public boolean streams() {
        return modes.contains("server_stream") || modes.contains("bidi_stream");
    }
}
