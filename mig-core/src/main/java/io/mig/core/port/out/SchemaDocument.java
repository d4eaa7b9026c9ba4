package io.mig.core.port.out;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One registered JSON Schema, as stored: the document exactly as given, the dialect a document
 * without {@code $schema} is read in, and when it was registered. JSON-shaped (snake_case) so a store
 * outside the JVM can keep it as a document; compiling it is the schema service's business.
 *
 * @param uri            the schema's URI, its key
 * @param schema         the document, keyword for keyword as registered
 * @param defaultDialect the {@code $schema} URI assumed when the document declares none
 * @param registeredAt   when it was registered (RFC 3339)
 */
public record SchemaDocument(@JsonProperty("uri") String uri,
                             @JsonProperty("schema") JsonNode schema,
                             @JsonProperty("default_dialect") String defaultDialect,
                             @JsonProperty("registered_at") String registeredAt) {
    public SchemaDocument {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(schema, "schema");
    }
}
