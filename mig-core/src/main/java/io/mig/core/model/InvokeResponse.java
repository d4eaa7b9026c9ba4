package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** INVOKE answer: the provider's payload and the output schema it claims. */
public record InvokeResponse(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("capability") String capability,
        @JsonProperty("payload") ObjectNode payload,
        @JsonProperty("result_schema_uri") String resultSchemaUri) implements Envelope {
}
