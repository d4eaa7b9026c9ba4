package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One schema violation: a JSON pointer into the payload and what is wrong there. */
public record Violation(@JsonProperty("path") String path, @JsonProperty("message") String message) {
}
