package io.mig.admin.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.model.Violation;
import java.util.List;

/** A schema checked and compiled once, in its dialect, validating payloads many times. */
interface CompiledSchema {
    /** The payload's violations as {@code {path, message}} (JSON pointers into the payload); empty when valid. */
    List<Violation> validate(JsonNode payload);
}
