package io.mig.core.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import java.io.IOException;
import java.util.Map;

/**
 * Writes the two envelopes of every call — the INVOKE request a gateway forwards and the INVOKE
 * answer — field by field with Jackson's generator, instead of through the bean serializer, which
 * reads each record component by reflection and looks each value's serializer up (together 7 % of
 * the CPU of an INVOKE proxied to an HTTP provider, issue #12). The bytes are the mapper's own:
 * the same field order (the records' declaration order), nulls left out, payload and {@code meta}
 * trees written by the mapper; {@code EnvelopeWriterTest} holds the two to each other.
 */
final class EnvelopeWriter {
    private EnvelopeWriter() {
    }

    static byte[] write(ObjectMapper mapper, InvokeResponse response) throws IOException {
        return write(mapper, g -> {
            header(g, response.header());
            text(g, "capability", response.capability());
            tree(g, "payload", response.payload());
            text(g, "result_schema_uri", response.resultSchemaUri());
        });
    }

    static byte[] write(ObjectMapper mapper, InvokeRequest request) throws IOException {
        return write(mapper, g -> {
            header(g, request.header());
            text(g, "capability", request.capability());
            tree(g, "payload", request.payload());
            if (request.streamPreference() != null) {
                g.writeStringField("stream_preference", request.streamPreference().wire());
            }
        });
    }

    /** The fields of one envelope object. */
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One object into pooled buffers, as {@code ObjectMapper.writeValueAsBytes} does it. */
    private static byte[] write(ObjectMapper mapper, Fields fields) throws IOException {
        BufferRecycler recycler = mapper.getFactory()._getBufferRecycler();
        try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator g = mapper.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                fields.write(g);
                g.writeEndObject();
            }
            byte[] bytes = out.toByteArray();
            out.release();
            return bytes;
        } finally {
            recycler.releaseToPool();
        }
    }

    private static void header(JsonGenerator g, MessageHeader header) throws IOException {
        if (header == null) {
            return;
        }
        g.writeObjectFieldStart("header");
        text(g, "mig_version", header.migVersion());
        text(g, "message_id", header.messageId());
        text(g, "timestamp", header.timestamp());
        text(g, "tenant_id", header.tenantId());
        text(g, "session_id", header.sessionId());
        text(g, "traceparent", header.traceparent());
        text(g, "idempotency_key", header.idempotencyKey());
        if (header.deadlineMs() != null) {
            g.writeNumberField("deadline_ms", header.deadlineMs());
        }
        tree(g, "meta", header.meta());
        g.writeEndObject();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void tree(JsonGenerator g, String name, ObjectNode value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            node(g, value);
        }
    }

    /**
     * A tree as the mapper writes it with its default node features (every property, null or not,
     * in insertion order; empty arrays too), walked here: {@code writeTree} sets up a serializer
     * provider for every call, a tenth of the cost of an envelope. Nodes that need the provider
     * (binary, POJO) are still handed to it.
     */
    private static void node(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject(node, node.size());
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    g.writeFieldName(property.getKey());
                    node(g, property.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray(node, node.size());
                for (JsonNode element : node) {
                    node(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> number(g, node);
            default -> g.writeTree(node);
        }
    }

    private static void number(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT -> g.writeNumber(node.intValue());
            case LONG -> g.writeNumber(node.longValue());
            case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
            case FLOAT -> g.writeNumber(node.floatValue());
            case DOUBLE -> g.writeNumber(node.doubleValue());
            case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
            default -> g.writeTree(node);
        }
    }
}
