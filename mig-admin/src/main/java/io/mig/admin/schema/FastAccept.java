package io.mig.admin.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A quick "certainly valid" for the schemas most capabilities declare — {@code type},
 * {@code properties}, {@code required} and {@code additionalProperties}, nested — checked on the
 * Jackson tree itself, before the full validator. It only ever answers "valid" or "ask the full
 * validator": a payload it does not accept goes through the dialect's validator, which alone reports
 * violations, so every error message stays that validator's. A schema with any other keyword gets no
 * quick check ({@link #of} returns null).
 *
 * <p>Numbers are accepted only where no dialect can disagree: any {@code int}/{@code long} for
 * {@code integer} and {@code number}; decimals and big integers are left to the full validator (how
 * each library reads {@code 1.0} or {@code 1E+999999999} differs).
 */
final class FastAccept {
    /** Keywords that only annotate: they never make a payload invalid. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description",
            "default", "examples");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");

    /** The allowed types; null means any. */
    private final Set<String> types;
    private final Map<String, FastAccept> properties;
    private final List<String> required;
    /** Whether properties not named in {@code properties} may appear at all. */
    private final boolean additionalAllowed;
    /** The schema every other property's value must meet; null means anything. */
    private final FastAccept additional;

    private FastAccept(Set<String> types, Map<String, FastAccept> properties, List<String> required,
                       boolean additionalAllowed, FastAccept additional) {
        this.types = types;
        this.properties = properties;
        this.required = required;
        this.additionalAllowed = additionalAllowed;
        this.additional = additional;
    }

    /** The quick check of {@code schema}, or null when it uses a keyword this check does not know. */
    static FastAccept of(JsonNode schema) {
        if (schema.isBoolean()) {
            return schema.booleanValue() ? new FastAccept(null, Map.of(), List.of(), true, null) : null;
        }
        if (!schema.isObject()) {
            return null;
        }
        Set<String> types = null;
        Map<String, FastAccept> properties = Map.of();
        List<String> required = List.of();
        boolean additionalAllowed = true;
        FastAccept additional = null;
        for (var field : schema.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            switch (keyword) {
                case "type" -> {
                    types = types(value);
                    if (types == null) {
                        return null;
                    }
                }
                case "properties" -> {
                    if (!value.isObject()) {
                        return null;
                    }
                    Map<String, FastAccept> each = new HashMap<>();
                    for (var property : value.properties()) {
                        FastAccept check = of(property.getValue());
                        if (check == null) {
                            return null;
                        }
                        each.put(property.getKey(), check);
                    }
                    properties = each;
                }
                case "required" -> {
                    if (!value.isArray()) {
                        return null;
                    }
                    List<String> names = new ArrayList<>();
                    for (JsonNode name : value) {
                        if (!name.isTextual()) {
                            return null;
                        }
                        names.add(name.textValue());
                    }
                    required = names;
                }
                case "additionalProperties" -> {
                    if (value.isBoolean()) {
                        additionalAllowed = value.booleanValue();
                    } else {
                        additional = of(value);
                        if (additional == null) {
                            return null;
                        }
                    }
                }
                default -> {
                    if (!ANNOTATIONS.contains(keyword)) {
                        return null;
                    }
                }
            }
        }
        return new FastAccept(types, properties, required, additionalAllowed, additional);
    }

    private static Set<String> types(JsonNode value) {
        if (value.isTextual()) {
            return TYPES.contains(value.textValue()) ? Set.of(value.textValue()) : null;
        }
        if (!value.isArray() || value.isEmpty()) {
            return null;
        }
        Set<String> types = new HashSet<>();
        for (JsonNode type : value) {
            if (!type.isTextual() || !TYPES.contains(type.textValue())) {
                return null;
            }
            types.add(type.textValue());
        }
        return Set.copyOf(types);
    }

    /** True only when {@code instance} is certainly valid; false means "ask the full validator". */
    boolean accepts(JsonNode instance) {
        if (types != null && !typeAccepts(instance)) {
            return false;
        }
        if (!instance.isObject()) {
            return true; // the object keywords say nothing of other values
        }
        for (String name : required) {
            if (!instance.has(name)) {
                return false;
            }
        }
        for (var field : instance.properties()) {
            FastAccept check = properties.get(field.getKey());
            if (check == null) {
                if (!additionalAllowed || (additional != null && !additional.accepts(field.getValue()))) {
                    return false;
                }
            } else if (!check.accepts(field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private boolean typeAccepts(JsonNode instance) {
        return switch (instance.getNodeType()) {
            case OBJECT -> types.contains("object");
            case ARRAY -> types.contains("array");
            case STRING -> types.contains("string");
            case BOOLEAN -> types.contains("boolean");
            case NULL -> types.contains("null");
            // int and long only: every dialect reads them as integers
            case NUMBER -> (instance.isInt() || instance.isLong()) && (types.contains("integer") || types.contains("number"));
            default -> false;
        };
    }
}
