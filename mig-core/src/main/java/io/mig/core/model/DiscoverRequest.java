package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** DISCOVER request; {@code query} is a case-sensitive substring of the capability id. */
public record DiscoverRequest(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("query") String query,
        @JsonProperty("include_schema_refs") Boolean includeSchemaRefs,
        @JsonProperty("include_qos") Boolean includeQos) implements Envelope {
}
