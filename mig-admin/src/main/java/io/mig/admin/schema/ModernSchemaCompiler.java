package io.mig.admin.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.networknt.schema.regex.RegularExpressionFactory;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles JSON Schema 2020-12 and 2019-09 documents (networknt json-schema-validator; everit, which
 * serves draft-07, stops at draft-07). As for draft-07, a document is first validated against its
 * dialect's meta-schema (shipped inside the library, never fetched), {@code $ref}s must stay inside
 * the document ({@code #…}), and patterns run on RE2J (no catastrophic backtracking).
 */
final class ModernSchemaCompiler {
    private static final RegularExpressionFactory RE2J = regex -> {
        Pattern pattern = Pattern.compile(regex);
        return value -> pattern.matcher(value).find();
    };

    /** Keywords whose failure is about one property: the path names it (a missing one, where it belongs). */
    private static final java.util.Set<String> POINTS_AT_PROPERTY = java.util.Set.of("required",
            "unevaluatedProperties", "additionalProperties");

    /** A dialect's validator registry and meta-schema, built on its first use. */
    private record Dialect(SchemaRegistry registry, Schema metaSchema) {
    }

    /**
     * Built per dialect on first use, not up front: loading a meta-schema takes tens of
     * milliseconds, and a gateway whose schemas are all draft-07 (the MIG default) never needs one
     * (issue #12, P7).
     */
    private final Map<SchemaDialect, Dialect> dialects = new ConcurrentHashMap<>();

    /**
     * Checks and compiles a document of {@code dialect}.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} with {@code details.violations} when it is not a valid schema
     */
    CompiledSchema compile(JsonNode document, SchemaDialect dialect) {
        Dialect built = dialect(dialect);
        List<Violation> problems = violations(built.metaSchema(), document);
        if (!problems.isEmpty()) {
            throw MigException.invalid("schema is not a valid " + label(dialect) + " JSON Schema: " + problems.get(0).path()
                            + " " + problems.get(0).message())
                    .withDetail("field", "schema")
                    .withDetail("violations", MigJson.mapper().valueToTree(problems));
        }
        refuseOutsideRefs(document, "");
        Schema schema;
        try {
            schema = built.registry().getSchema(document);
            schema.initializeValidators();
        } catch (RuntimeException e) {
            throw MigException.invalid("schema cannot be compiled: " + e.getMessage()).withDetail("field", "schema");
        }
        return payload -> violations(schema, payload);
    }

    private static String label(SchemaDialect dialect) {
        return dialect == SchemaDialect.DRAFT_2019_09 ? "2019-09" : "2020-12";
    }

    private static List<Violation> violations(Schema schema, JsonNode instance) {
        List<Error> errors = schema.validate(instance);
        List<Violation> out = new ArrayList<>();
        for (Error error : errors) {
            if (out.size() >= Violations.MAX) {
                break;
            }
            out.add(violation(error));
        }
        return out;
    }

    /** The same shape as draft-07's: a missing required property points at where it belongs. */
    private static Violation violation(Error error) {
        String path = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String message = error.getMessage();
        if (path.startsWith("#")) {
            path = path.substring(1);
        }
        String cut = path.isEmpty() ? "" : path + ": ";
        if (message != null && message.startsWith(cut) && !cut.isEmpty()) {
            message = message.substring(cut.length());
        }
        String property = error.getProperty();
        if (property != null && POINTS_AT_PROPERTY.contains(error.getKeyword())) {
            path = path + "/" + property.replace("~", "~0").replace("/", "~1");
            if (!"unevaluatedProperties".equals(error.getKeyword()) && !"additionalProperties".equals(error.getKeyword())) {
                message = "required property '" + property + "' is missing";
            }
        }
        return new Violation(path, message);
    }

    /** Remote references would be fetched on behalf of an admin request: only {@code #…} ones are allowed. */
    private static void refuseOutsideRefs(JsonNode node, String at) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                throw MigException.invalid("schema: $ref '" + ref.asText() + "' at " + (at.isEmpty() ? "/" : at)
                        + " points outside the document; inline it under $defs and use '#/$defs/…'")
                        .withDetail("field", "schema");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                // "properties", "$defs" … hold schemas by name; "enum", "const", "examples" hold data, not schemas
                if (!field.getKey().equals("enum") && !field.getKey().equals("const") && !field.getKey().equals("examples")
                        && !field.getKey().equals("default")) {
                    refuseOutsideRefs(field.getValue(), at + "/" + field.getKey());
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseOutsideRefs(node.get(i), at + "/" + i);
            }
        }
    }

    private static SchemaRegistry registry(SpecificationVersion version) {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .regularExpressionFactory(RE2J)
                .build();
        return SchemaRegistry.withDefaultDialect(version, builder -> builder.schemaRegistryConfig(config));
    }

    private Dialect dialect(SchemaDialect dialect) {
        return dialects.computeIfAbsent(dialect, d -> {
            SchemaRegistry registry = registry(d == SchemaDialect.DRAFT_2019_09
                    ? SpecificationVersion.DRAFT_2019_09 : SpecificationVersion.DRAFT_2020_12);
            return new Dialect(registry, registry.getSchema(SchemaLocation.of(d.id())));
        });
    }
}
