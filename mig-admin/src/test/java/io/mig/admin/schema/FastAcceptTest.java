package io.mig.admin.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quick check may only ever say "valid" where the dialect's full validator says so too; and it
 * must say it for the common valid payloads, or it saves nothing.
 */
class FastAcceptTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
    private static final String DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema";
    private static final List<String> SCHEMAS = List.of(
            "{\"type\":\"object\",\"properties\":{\"input\":{\"type\":\"string\"}},\"required\":[\"input\"]}",
            "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"},\"x\":{\"type\":\"number\"},"
                    + "\"tags\":{\"type\":\"array\"},\"ok\":{\"type\":[\"boolean\",\"null\"]}},"
                    + "\"required\":[\"n\"],\"additionalProperties\":false}",
            "{\"type\":\"object\",\"title\":\"t\",\"description\":\"d\",\"properties\":{\"inner\":{\"type\":\"object\","
                    + "\"properties\":{\"s\":{\"type\":\"string\"}},\"additionalProperties\":{\"type\":\"integer\"}}}}",
            "{\"properties\":{\"a\":true,\"b\":{}},\"additionalProperties\":{\"type\":[\"string\",\"number\"]}}",
            "{}",
            "true");
    private static final List<String> KEYS = List.of("input", "n", "x", "tags", "ok", "inner", "s", "a", "b", "other");

    private final SchemaCompiler draft07 = new SchemaCompiler();
    private final ModernSchemaCompiler modern = new ModernSchemaCompiler();

    @Test
    void whatTheQuickCheckAcceptsTheFullValidatorAcceptsInEveryDialect() {
        Random random = new Random(20261202);
        int accepted = 0;
        int checked = 0;
        for (String text : SCHEMAS) {
            for (String dialect : List.of(DRAFT_07, DRAFT_2020)) {
                JsonNode schema = withDialect(json(text), dialect);
                FastAccept quick = FastAccept.of(schema);
                assertThat(quick).as("%s has a quick check", text).isNotNull();
                CompiledSchema full = full(schema, dialect);
                for (int i = 0; i < 1_500; i++) {
                    JsonNode payload = random.nextInt(4) == 0 ? value(random, 0) : object(random, 0);
                    boolean quickly = quick.accepts(payload);
                    List<?> violations = full.validate(payload);
                    if (quickly) {
                        accepted++;
                        assertThat(violations).as("schema %s (%s), payload %s", text, dialect, payload).isEmpty();
                    }
                    checked++;
                }
            }
        }
        assertThat(accepted).as("payloads taken by the quick check of %d", checked).isGreaterThan(checked / 20);
    }

    @Test
    void theCommonValidPayloadIsAcceptedQuicklyAndAnInvalidOneIsLeftToTheValidator() {
        FastAccept demo = FastAccept.of(json(SCHEMAS.get(0)));
        assertThat(demo.accepts(json("{\"input\":\"hello\"}"))).isTrue();
        assertThat(demo.accepts(json("{\"input\":\"hello\",\"extra\":[1,{}]}"))).isTrue();
        assertThat(demo.accepts(json("{\"input\":1}"))).isFalse();
        assertThat(demo.accepts(json("{}"))).isFalse();
        FastAccept strict = FastAccept.of(json(SCHEMAS.get(1)));
        assertThat(strict.accepts(json("{\"n\":1,\"ok\":null}"))).isTrue();
        assertThat(strict.accepts(json("{\"n\":1,\"other\":2}"))).as("additionalProperties false").isFalse();
        assertThat(strict.accepts(MigJson.object().put("n", new BigDecimal("1.0")))).as("a decimal is the validator's").isFalse();
    }

    @Test
    void aSchemaWithAnyOtherKeywordGetsNoQuickCheck() {
        for (String text : List.of("{\"type\":\"string\",\"minLength\":1}", "{\"$ref\":\"#/definitions/a\"}",
                "{\"properties\":{\"a\":{\"enum\":[1]}}}", "{\"type\":\"object\",\"patternProperties\":{\"^a\":{}}}",
                "{\"type\":\"text\"}", "{\"type\":[]}", "{\"required\":[1]}", "{\"additionalProperties\":{\"format\":\"email\"}}",
                "false", "{\"allOf\":[{}]}")) {
            assertThat(FastAccept.of(json(text))).as(text).isNull();
        }
    }

    private CompiledSchema full(JsonNode schema, String dialect) {
        if (dialect.equals(DRAFT_07)) {
            org.everit.json.schema.Schema compiled = draft07.compile(schema);
            return payload -> SchemaCompiler.violations(compiled, SchemaCompiler.toOrgJson(payload));
        }
        return modern.compile(schema, SchemaDialect.named(dialect).orElseThrow());
    }

    private static JsonNode withDialect(JsonNode schema, String dialect) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        copy.put("$schema", dialect);
        return copy;
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            object.set(KEYS.get(random.nextInt(KEYS.size())), value(random, depth + 1));
        }
        return object;
    }

    private static JsonNode value(Random random, int depth) {
        switch (random.nextInt(depth > 2 ? 9 : 11)) {
            case 0: return NODES.textNode("s" + random.nextInt(9));
            case 1: return NODES.numberNode(random.nextInt(2_000) - 1_000);
            case 2: return NODES.numberNode(random.nextLong());
            case 3: return NODES.numberNode(new BigDecimal(random.nextInt(100) + "." + random.nextInt(10)));
            case 4: return NODES.numberNode(new BigInteger("123456789012345678901234567890"));
            case 5: return NODES.booleanNode(random.nextBoolean());
            case 6: return NODES.nullNode();
            case 7: return NODES.numberNode(new BigDecimal("1E+400"));
            case 8: return NODES.textNode("");
            case 9: {
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(3);
                for (int i = 0; i < size; i++) {
                    array.add(value(random, depth + 1));
                }
                return array;
            }
            default: return object(random, depth);
        }
    }

    private static JsonNode json(String text) {
        try {
            return MigJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
