package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"header": …, "error": …}}: the answer to every failed MIG operation. */
public record ErrorEnvelope(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("error") MigError error) implements Envelope {
}
