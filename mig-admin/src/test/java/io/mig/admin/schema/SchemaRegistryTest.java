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
        assertInvalid(json("{\"$schema\":\"http://json-schema.org/draft-04/schema#\"}"), "draft-07 schemas only");
        assertInvalid(json("{\"$ref\":\"https://example.invalid/remote.json\"}"), "remote $ref");
        assertInvalid(MigJson.mapper().getNodeFactory().textNode("object"), "object or a boolean");
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
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
                .hasMessageContaining(message);
        assertThat(registry.find("schema://t/bad")).isEmpty();
    }

    private static JsonNode json(String text) {
        return MigJson.readObject(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
