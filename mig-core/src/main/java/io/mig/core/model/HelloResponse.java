package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HELLO answer: the negotiated version and binding, the features and profiles of this server. */
public record HelloResponse(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("selected_version") String selectedVersion,
        @JsonProperty("selected_binding") Binding selectedBinding,
        @JsonProperty("enabled_features") List<String> enabledFeatures,
        @JsonProperty("server_id") String serverId,
        @JsonProperty("profiles") List<String> profiles) implements Envelope {
}
