package io.mig.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.mig.conformance.kit.MigWire;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * MIG's canonical JSON (SPEC §1) to and from the {@code mig.v0_1} messages, by the messages'
 * descriptors: JSON field names are the proto field names, enums travel as their short lowercase
 * names ({@code grpc}, {@code server_stream}) except error codes, payloads as {@code Struct}s.
 */
final class ProtoJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtoJson() {
    }

    /**
     * Fills {@code builder} from {@code json}; unknown fields are ignored.
     *
     * @throws MigWire.NotApplicable when a value cannot be said in protobuf (a negative unsigned number)
     */
    static <B extends Message.Builder> B merge(JsonNode json, B builder) throws MigWire.NotApplicable {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            JsonNode value = json.get(field.getName());
            if (value == null || value.isNull()) {
                continue;
            }
            if (field.isRepeated()) {
                for (JsonNode element : value) {
                    builder.addRepeatedField(field, value(field, element, builder));
                }
            } else {
                builder.setField(field, value(field, value, builder));
            }
        }
        return builder;
    }

    private static Object value(FieldDescriptor field, JsonNode json, Message.Builder parent) throws MigWire.NotApplicable {
        switch (field.getJavaType()) {
            case STRING:
                return json.isTextual() ? json.asText() : json.toString();
            case INT:
            case LONG:
                if (!json.isNumber()) {
                    throw new MigWire.NotApplicable(field.getName() + " is a number in mig.v0_1, so " + json + " cannot be sent");
                }
                if (json.asLong() < 0 && unsigned(field)) {
                    throw new MigWire.NotApplicable(field.getName() + " is unsigned in mig.v0_1, so " + json + " cannot be sent");
                }
                return field.getJavaType() == FieldDescriptor.JavaType.INT ? (Object) json.asInt() : (Object) json.asLong();
            case DOUBLE:
                return json.asDouble();
            case FLOAT:
                return (float) json.asDouble();
            case BOOLEAN:
                return json.asBoolean();
            case ENUM:
                return enumValue(field.getEnumType(), json.asText());
            case MESSAGE:
                String type = field.getMessageType().getFullName();
                if (type.equals(Struct.getDescriptor().getFullName())) {
                    if (!json.isObject()) {
                        throw new MigWire.NotApplicable(field.getName() + " is a Struct in mig.v0_1, so " + json + " cannot be sent");
                    }
                    return struct(json);
                }
                if (type.equals(Timestamp.getDescriptor().getFullName())) {
                    Instant instant = Instant.parse(json.asText());
                    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
                }
                return merge(json, parent.newBuilderForField(field)).build();
            default:
                throw new MigWire.NotApplicable(field.getName() + " of type " + field.getJavaType() + " is not mapped");
        }
    }

    private static boolean unsigned(FieldDescriptor field) {
        return switch (field.getType()) {
            case UINT32, UINT64, FIXED32, FIXED64 -> true;
            default -> false;
        };
    }

    private static EnumValueDescriptor enumValue(EnumDescriptor type, String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        EnumValueDescriptor exact = type.findValueByName(upper);
        if (exact != null) {
            return exact;
        }
        EnumValueDescriptor prefixed = type.findValueByName(prefix(type) + upper);
        return prefixed != null ? prefixed : type.getValues().get(0);
    }

    /** {@code BindingType} → {@code BINDING_TYPE_}; {@code MigErrorCode} values have no prefix to strip. */
    private static String prefix(EnumDescriptor type) {
        return type.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_";
    }

    /** The message as canonical JSON: every scalar and repeated field, and the message fields that are set. */
    static ObjectNode json(MessageOrBuilder message) {
        ObjectNode json = JSON.createObjectNode();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.isRepeated()) {
                ArrayNode array = json.putArray(field.getName());
                for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
                    array.add(json(field, message.getRepeatedField(field, i)));
                }
            } else if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || message.hasField(field)) {
                json.set(field.getName(), json(field, message.getField(field)));
            }
        }
        return json;
    }

    private static JsonNode json(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case STRING -> JSON.getNodeFactory().textNode((String) value);
            case INT -> JSON.getNodeFactory().numberNode((Integer) value);
            case LONG -> JSON.getNodeFactory().numberNode((Long) value);
            case DOUBLE -> JSON.getNodeFactory().numberNode((Double) value);
            case FLOAT -> JSON.getNodeFactory().numberNode((Float) value);
            case BOOLEAN -> JSON.getNodeFactory().booleanNode((Boolean) value);
            case ENUM -> JSON.getNodeFactory().textNode(enumName((EnumValueDescriptor) value));
            case MESSAGE -> message((Message) value);
            default -> JSON.getNodeFactory().textNode(String.valueOf(value));
        };
    }

    private static String enumName(EnumValueDescriptor value) {
        String prefix = prefix(value.getType());
        return value.getName().startsWith(prefix) ? value.getName().substring(prefix.length()).toLowerCase(Locale.ROOT)
                : value.getName();
    }

    private static JsonNode message(Message value) {
        if (value instanceof Struct struct) {
            return fromStruct(struct);
        }
        if (value instanceof Timestamp t) {
            return JSON.getNodeFactory().textNode(Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString());
        }
        return json(value);
    }

    static Struct struct(JsonNode json) {
        Struct.Builder struct = Struct.newBuilder();
        json.properties().forEach(field -> struct.putFields(field.getKey(), protoValue(field.getValue())));
        return struct.build();
    }

    private static Value protoValue(JsonNode node) {
        Value.Builder value = Value.newBuilder();
        if (node.isObject()) {
            return value.setStructValue(struct(node)).build();
        }
        if (node.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            node.forEach(element -> list.addValues(protoValue(element)));
            return value.setListValue(list).build();
        }
        if (node.isNumber()) {
            return value.setNumberValue(node.doubleValue()).build();
        }
        if (node.isBoolean()) {
            return value.setBoolValue(node.booleanValue()).build();
        }
        return node.isNull() ? value.setNullValue(NullValue.NULL_VALUE).build() : value.setStringValue(node.asText()).build();
    }

    private static ObjectNode fromStruct(Struct struct) {
        ObjectNode json = JSON.createObjectNode();
        for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
            json.set(field.getKey(), fromValue(field.getValue()));
        }
        return json;
    }

    private static JsonNode fromValue(Value value) {
        return switch (value.getKindCase()) {
            case STRUCT_VALUE -> fromStruct(value.getStructValue());
            case LIST_VALUE -> {
                ArrayNode array = JSON.createArrayNode();
                value.getListValue().getValuesList().forEach(v -> array.add(fromValue(v)));
                yield array;
            }
            case NUMBER_VALUE -> {
                double d = value.getNumberValue();
                yield d == Math.rint(d) && Math.abs(d) < 1e15 ? JSON.getNodeFactory().numberNode((long) d)
                        : JSON.getNodeFactory().numberNode(d);
            }
            case BOOL_VALUE -> JSON.getNodeFactory().booleanNode(value.getBoolValue());
            case STRING_VALUE -> JSON.getNodeFactory().textNode(value.getStringValue());
            default -> JSON.getNodeFactory().nullNode();
        };
    }
}
