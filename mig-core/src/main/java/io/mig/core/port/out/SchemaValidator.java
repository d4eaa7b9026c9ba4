package io.mig.core.port.out;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.model.Violation;
import java.util.List;

/**
 * Validates payloads against registered JSON Schemas (SPEC §4.5). A URI with no registered schema
 * means "not validated": the answer is an empty list.
 */
@FunctionalInterface
public interface SchemaValidator {
    SchemaValidator NONE = (uri, payload) -> List.of();

    List<Violation> validate(String schemaUri, JsonNode payload);
}
