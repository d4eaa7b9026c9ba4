package io.mig.admin.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.Violation;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {
    private final SchemaRegistry registry = new SchemaRegistry(Clock.systemUTC());

    @Test
    void compiledSchemaReportsEveryViolationWithAPointer() {
        assertThat(registry.register("schema://t/in/v1", json("""
                {"type":"object","properties":{"text":{"type":"string"},"n":{"type":"integer","minimum":1}},
                 "required":["text","lang"]}"""))).isTrue();
        List<Violation> violations = registry.validate("schema://t/in/v1", json("{\"text\":1,\"n\":0}"));
        assertThat(violations).extracting(Violation::path).containsExactlyInAnyOrder("/text", "/n", "/lang");
        assertThat(violations).filteredOn(v -> v.path().equals("/lang")).first()
                .extracting(Violation::message).asString().contains("required property 'lang' is missing");
        assertThat(registry.validate("schema://t/in/v1", json("{\"text\":\"ok\",\"lang\":\"en\"}"))).isEmpty();
    }

    @Test
    void unregisteredUriMeansNotValidated() {
        assertThat(registry.validate("schema://nobody/v1", json("{\"anything\":true}"))).isEmpty();
    }

    @Test
    void documentsThatAreNotDraft07SchemasAreRefused() {
        assertInvalid(json("{\"type\":5}"), "not a valid draft-07");
        assertInvalid(json("{\"required\":\"text\"}"), "not a valid draft-07");
        assertInvalid(json("{\"minLength\":-1}"), "not a valid draft-07");
        assertInvalid(json("{\"pattern\":\"(unclosed\"}"), "schema");
        assertInvalid(json("{\"$schema\":\"http://json-schema.org/draft-04/schema#\"}"), "draft-07, 2019-09 and 2020-12");
        assertInvalid(json("{\"$ref\":\"https://example.invalid/remote.json\"}"), "remote $ref");
        assertInvalid(MigJson.mapper().getNodeFactory().textNode("object"), "object or a boolean");
    }

    @Test
    void a2020_12SchemaIsValidatedWithRefsToDefsPrefixItemsAndUnevaluatedProperties() {
        registry.register("schema://t/modern", json("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema",
                 "$defs":{"point":{"type":"array","prefixItems":[{"type":"number"},{"type":"number"}],"items":false}},
                 "type":"object",
                 "properties":{"at":{"$ref":"#/$defs/point"},"label":{"type":"string"}},
                 "unevaluatedProperties":false,
                 "dependentRequired":{"label":["at"]}}"""));
        assertThat(registry.validate("schema://t/modern", json("{\"at\":[1,2],\"label\":\"x\"}"))).isEmpty();
        assertThat(registry.validate("schema://t/modern", json("{\"at\":[1,\"two\"]}")))
                .extracting(Violation::path).containsExactly("/at/1");
        // "items": false refuses the array that has more than the prefix
        assertThat(registry.validate("schema://t/modern", json("{\"at\":[1,2,3]}")))
                .extracting(Violation::path).containsExactly("/at");
        assertThat(registry.validate("schema://t/modern", json("{\"at\":[1,2],\"extra\":1}")))
                .extracting(Violation::path).containsExactly("/extra");
        List<Violation> missing = registry.validate("schema://t/modern", json("{\"label\":\"x\"}"));
        assertThat(missing).isNotEmpty();
        assertThat(missing.get(0).message()).contains("at");
    }

    @Test
    void withoutSchemaTheDefaultDialectDecides() {
        // prefixItems means nothing in draft-07 (an unknown keyword) and everything in 2020-12
        JsonNode tuple = json("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}]}");
        registry.register("schema://t/draft07", tuple);
        registry.register("schema://t/mcp", tuple, SchemaDialect.DRAFT_2020_12);
        JsonNode numbers = MigJson.mapper().createArrayNode().add(1);
        assertThat(registry.validate("schema://t/draft07", numbers)).isEmpty();
        assertThat(registry.validate("schema://t/mcp", numbers)).extracting(Violation::path).containsExactly("/0");
    }

    @Test
    void requiredPropertiesOf2020_12PointWhereTheyBelongLikeDraft07() {
        registry.register("schema://t/req", json("{\"type\":\"object\",\"required\":[\"lang\"]}"), SchemaDialect.DRAFT_2020_12);
        assertThat(registry.validate("schema://t/req", json("{}"))).singleElement()
                .satisfies(v -> assertThat(v.path()).isEqualTo("/lang"))
                .satisfies(v -> assertThat(v.message()).isEqualTo("required property 'lang' is missing"));
    }

    @Test
    void documentsThatAreNot2020_12SchemasAreRefused() {
        String modern = "\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",";
        assertInvalid(json("{" + modern + "\"type\":5}"), "not a valid 2020-12");
        assertInvalid(json("{" + modern + "\"prefixItems\":{\"type\":\"string\"}}"), "not a valid 2020-12");
        assertInvalid(json("{" + modern + "\"$defs\":{\"a\":{\"minLength\":-1}}}"), "not a valid 2020-12");
        assertInvalid(json("{" + modern + "\"$ref\":\"https://example.invalid/remote.json\"}"), "outside the document");
        assertThatThrownBy(() -> registry.register("schema://t/bad", json("{\"type\":5}"), SchemaDialect.DRAFT_2020_12))
                .hasMessageContaining("not a valid 2020-12");
    }

    @Test
    void patternsOf2020_12SchemasRunInLinearTime() {
        registry.register("schema://t/re", json("{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}"), SchemaDialect.DRAFT_2020_12);
        String evil = "a".repeat(5_000) + "!";
        assertThat(registry.validate("schema://t/re", MigJson.mapper().getNodeFactory().textNode(evil))).hasSize(1);
        assertThat(registry.validate("schema://t/re", MigJson.mapper().getNodeFactory().textNode("aaa"))).isEmpty();
    }

    @Test
    void returnedSchemasKeepEveryKeyword() {
        JsonNode document = json("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$defs\":{\"x\":{}},"
                + "\"x-vendor\":{\"keep\":true},\"$comment\":\"c\"}");
        registry.register("schema://t/keep", document);
        assertThat(registry.find("schema://t/keep").orElseThrow().schema()).isEqualTo(document);
    }

    @Test
    void reRegisteringReplacesTheCompiledSchema() {
        registry.register("schema://t/v1", json("{\"type\":\"object\",\"required\":[\"a\"]}"));
        assertThat(registry.register("schema://t/v1", json("{\"type\":\"object\",\"required\":[\"b\"]}"))).isFalse();
        assertThat(registry.validate("schema://t/v1", json("{\"a\":1}"))).extracting(Violation::path).containsExactly("/b");
        assertThat(registry.remove("schema://t/v1")).isTrue();
        assertThat(registry.validate("schema://t/v1", json("{}"))).isEmpty();
    }

    @Test
    void uriMustBeAUriWithAScheme() {
        assertThatThrownBy(() -> registry.register("no-scheme", json("{}"))).isInstanceOf(MigException.class)
                .hasMessageContaining("no scheme");
        assertThatThrownBy(() -> registry.register("schema://with space", json("{}"))).isInstanceOf(MigException.class);
    }

    private void assertInvalid(JsonNode schema, String message) {
        assertThatThrownBy(() -> registry.register("schema://t/bad", schema))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(io.mig.core.error.ErrorCode.MIG_INVALID_REQUEST))
                .hasMessageContaining(message);
        assertThat(registry.find("schema://t/bad")).isEmpty();
    }

    private static JsonNode json(String text) {
        return MigJson.readObject(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
