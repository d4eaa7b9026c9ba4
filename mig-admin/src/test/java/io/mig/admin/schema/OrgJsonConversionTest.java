package io.mig.admin.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;
import org.json.JSONTokener;
import org.junit.jupiter.api.Test;

/** The tree everit validates is the one org.json would read from the payload's JSON text. */
class OrgJsonConversionTest {
    private static final List<String> PAYLOADS = List.of(
            "{\"input\":\"hello\"}",
            "{\"a\":1,\"b\":-2147483649,\"c\":123456789012345678901234567890,\"d\":1.50,\"e\":1e400,\"f\":-0.0,"
                    + "\"g\":0.1000000000000000000001,\"h\":2E-3,\"i\":null,\"j\":true,\"k\":false}",
            "{\"nested\":{\"list\":[1,\"two\",[3.0,{\"x\":null}],{}],\"empty\":[]},\"text\":\"é \\u0000 \\\"q\\\" \\ud83d\\ude00\"}",
            "{\"\":0,\"big\":9223372036854775808,\"neg\":-9223372036854775808,\"exp\":12e2}");

    @Test
    void convertedPayloadsEqualWhatTheTokenizerReads() {
        for (String text : PAYLOADS) {
            JsonNode tree = MigJson.readObject(text.getBytes(StandardCharsets.UTF_8));
            Object expected = new JSONTokener(MigJson.encodeToString(tree)).nextValue();
            Object converted = SchemaCompiler.toOrgJson(tree);
            assertThat(((JSONObject) converted).similar(expected)).as(text).isTrue();
            assertThat(converted.toString()).as(text).isEqualTo(expected.toString());
        }
    }

    @Test
    void numbersKeepTheTypesTheTokenizerGivesThem() {
        JsonNode tree = MigJson.readObject(PAYLOADS.get(1).getBytes(StandardCharsets.UTF_8));
        JSONObject expected = (JSONObject) new JSONTokener(MigJson.encodeToString(tree)).nextValue();
        JSONObject converted = (JSONObject) SchemaCompiler.toOrgJson(tree);
        for (String key : expected.keySet()) {
            assertThat(converted.get(key)).as(key).isEqualTo(expected.get(key));
            assertThat(converted.get(key).getClass()).as(key).isEqualTo(expected.get(key).getClass());
        }
        JSONArray array = (JSONArray) SchemaCompiler.toOrgJson(MigJson.mapper().createArrayNode().add(1.25d).add(7L));
        assertThat(array.similar(new JSONArray("[1.25,7]"))).isTrue();
        assertThat(SchemaCompiler.toOrgJson(MigJson.mapper().getNodeFactory().booleanNode(true))).isEqualTo(Boolean.TRUE);
    }
}
