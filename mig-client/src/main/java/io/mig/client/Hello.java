package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The answer to HELLO (SPEC §2): what the gateway and this client agreed on. */
public record Hello(MigHeader header, String selectedVersion, String selectedBinding, List<String> enabledFeatures,
                    String serverId, List<String> profiles) {

    static Hello from(JsonNode body) {
        return new Hello(MigHeader.from(body.get("header")), Json.text(body, "selected_version"),
                Json.text(body, "selected_binding"), Json.strings(body.path("enabled_features")),
                Json.text(body, "server_id"), Json.strings(body.path("profiles")));
    }
}
