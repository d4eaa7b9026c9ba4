package io.mig.admin.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaClient;
import org.everit.json.schema.loader.SchemaLoader;
import org.everit.json.schema.regexp.RE2JRegexpFactory;
import org.json.JSONArray;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * Turns draft-07 JSON Schema documents into compiled schemas (everit; 2019-09 and 2020-12 are
 * {@link ModernSchemaCompiler}'s). everit compiles many documents that
 * are not valid schemas (e.g. {@code "type": 5}), so each document is first validated against the
 * draft-07 meta-schema shipped with this module. Remote {@code $ref}s are refused (no network
 * fetches on behalf of an admin request) and patterns run on RE2J (no catastrophic backtracking).
 */
final class SchemaCompiler {
    private static final SchemaClient NO_REMOTE = url -> {
        throw new IllegalArgumentException("remote $ref '" + url + "' is not allowed; inline it or use definitions");
    };

    private final Schema metaSchema;

    SchemaCompiler() {
        try (InputStream in = SchemaCompiler.class.getResourceAsStream("draft-07-schema.json")) {
            JSONObject meta = new JSONObject(new JSONTokener(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            meta.remove("$id"); // its "#" references resolve within the document, never over the network
            this.metaSchema = load(meta);
        } catch (IOException e) {
            throw new UncheckedIOException("the draft-07 meta-schema is missing from the class path", e);
        }
    }

    /**
     * Checks and compiles a schema document (an object or a boolean).
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} with {@code details.violations} when it is not a valid draft-07 schema
     */
    Schema compile(JsonNode document) {
        if (document == null || !(document.isObject() || document.isBoolean())) {
            throw MigException.invalid("schema must be a JSON Schema document (an object or a boolean)")
                    .withDetail("field", "schema");
        }
        Object json = toOrgJson(document);
        List<Violation> problems = violations(metaSchema, json);
        if (!problems.isEmpty()) {
            throw MigException.invalid("schema is not a valid draft-07 JSON Schema: " + problems.get(0).path()
                            + " " + problems.get(0).message())
                    .withDetail("field", "schema")
                    .withDetail("violations", MigJson.mapper().valueToTree(problems));
        }
        try {
            return load(json);
        } catch (RuntimeException e) {
            throw MigException.invalid("schema cannot be compiled: " + e.getMessage()).withDetail("field", "schema");
        }
    }

    static List<Violation> violations(Schema schema, Object json) {
        try {
            schema.validate(json);
            return List.of();
        } catch (ValidationException e) {
            return Violations.of(e);
        }
    }

    /**
     * The value everit validates, built straight from the tree: the same objects {@code JSONTokener}
     * makes of the tree's JSON text (numbers through org.json's own {@link JSONObject#stringToValue}
     * of the text Jackson writes), without writing and re-reading that text for every payload.
     */
    static Object toOrgJson(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                JSONObject object = new JSONObject();
                for (var field : node.properties()) {
                    object.put(field.getKey(), toOrgJson(field.getValue()));
                }
                return object;
            }
            case ARRAY: {
                JSONArray array = new JSONArray();
                for (JsonNode element : node) {
                    array.put(toOrgJson(element));
                }
                return array;
            }
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
                return JSONObject.NULL;
            case NUMBER:
                // integers print as their digits; decimals and doubles exactly as the encoder writes them
                return JSONObject.stringToValue(node.isIntegralNumber() ? node.asText() : MigJson.encodeToString(node));
            default: // binary and POJO nodes: whatever their JSON text reads as
                return new JSONTokener(MigJson.encodeToString(node)).nextValue();
        }
    }

    private static Schema load(Object json) {
        return SchemaLoader.builder()
                .schemaJson(json)
                .draftV7Support()
                .schemaClient(NO_REMOTE)
                .regexpFactory(new RE2JRegexpFactory())
                .build()
                .load()
                .build();
    }
}
