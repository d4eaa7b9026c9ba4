package io.mig.admin.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.mig.core.memory.InMemorySchemaStore;
import io.mig.core.model.Violation;
import io.mig.core.port.out.SchemaDocument;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two registries over one store, as two instances over a shared store (SPEC §10): a schema registered,
 * replaced or removed through one is what the other validates with — its compiled cache follows.
 */
class SharedSchemaStoreTest {
    private static final String URI = "schema://acme/in/v1";

    private final InMemorySchemaStore store = new InMemorySchemaStore();
    private final SchemaRegistry here = new SchemaRegistry(Clock.systemUTC(), store);
    private final SchemaRegistry there = new SchemaRegistry(Clock.systemUTC(), store);

    @AfterEach
    void close() {
        here.close();
        there.close();
    }

    private static JsonNode json(String text) {
        try {
            return MigJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSchemaRegisteredElsewhereIsEnforcedHere() {
        assertThat(there.register(URI, json("{\"type\":\"object\",\"required\":[\"text\"]}"))).isTrue();
        assertThat(here.validate(URI, json("{}"))).extracting(Violation::path).containsExactly("/text");
        assertThat(here.find(URI)).hasValueSatisfying(s -> assertThat(s.schema().path("required").get(0).asText())
                .isEqualTo("text"));
        assertThat(here.list()).extracting(SchemaRegistry.StoredSchema::uri).containsExactly(URI);
    }

    @Test
    void aReplacementElsewhereDropsTheSchemaCompiledHere() {
        here.register(URI, json("{\"type\":\"object\",\"required\":[\"text\"]}"));
        assertThat(here.validate(URI, json("{\"lang\":\"en\"}"))).extracting(Violation::path).containsExactly("/text");
        there.register(URI, json("{\"type\":\"object\",\"required\":[\"lang\"]}"));
        assertThat(here.validate(URI, json("{\"lang\":\"en\"}"))).as("validated with the replacement").isEmpty();
        assertThat(here.validate(URI, json("{\"text\":\"x\"}"))).extracting(Violation::path).containsExactly("/lang");
    }

    @Test
    void aRemovalElsewhereStopsValidationHere() {
        here.register(URI, json("{\"type\":\"object\",\"required\":[\"text\"]}"));
        assertThat(here.validate(URI, json("{}"))).isNotEmpty();
        assertThat(there.remove(URI)).isTrue();
        assertThat(here.validate(URI, json("{}"))).as("an unregistered URI is not validated").isEmpty();
        assertThat(here.find(URI)).isEmpty();
    }

    @Test
    void aDocumentPutInTheStoreDirectlyIsReadInItsDefaultDialect() {
        // 2020-12 reads prefixItems; draft-07 would ignore it
        store.put(new SchemaDocument(URI, json("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}]}"),
                SchemaDialect.DRAFT_2020_12.id(), "2026-01-01T00:00:00Z"));
        assertThat(here.validate(URI, json("[1]"))).isNotEmpty();
        assertThat(here.validate(URI, json("[\"a\"]"))).isEmpty();
    }
}
