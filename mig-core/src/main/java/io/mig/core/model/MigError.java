package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;

/** The {@code error} member of a MIG error envelope or error frame (SPEC §1.4). */
public record MigError(
        @JsonProperty("code") ErrorCode code,
        @JsonProperty("message") String message,
        @JsonProperty("retryable") boolean retryable,
        @JsonProperty("details") ObjectNode details) {
}
