package io.mig.binding.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.mig.binding.grpc.v0_1.BindingType;
import io.mig.binding.grpc.v0_1.DeliverySemantics;
import io.mig.binding.grpc.v0_1.FrameKind;
import io.mig.binding.grpc.v0_1.InvocationMode;
import io.mig.binding.grpc.v0_1.MigErrorCode;
import io.mig.binding.grpc.v0_1.StreamPreference;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.model.Binding;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.MigError;
import java.time.Instant;
import java.util.Map;

/**
 * The one translation between the protobuf messages of {@code mig.v0_1} and the core's wire
 * records. Proto3 has no "absent" for scalars, so empty strings and zeros become {@code null} on the
 * way in (the core then applies its defaults); {@code Struct} numbers are doubles, so an integral
 * number comes back into JSON as an integer rather than {@code 3.0}.
 */
final class ProtoModel {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Doubles beyond this are not exact integers; they stay doubles. */
    private static final double MAX_EXACT = 9.007199254740992E15;

    private ProtoModel() {
    }

    // ---- header

    static MessageHeader header(io.mig.binding.grpc.v0_1.MessageHeader h) {
        if (h == null) {
            return MessageHeader.empty();
        }
        return new MessageHeader(blank(h.getMigVersion()), blank(h.getMessageId()),
                h.hasTimestamp() ? time(h.getTimestamp()) : null, blank(h.getTenantId()), blank(h.getSessionId()),
                blank(h.getTraceparent()), blank(h.getIdempotencyKey()),
                h.getDeadlineMs() == 0 ? null : Integer.toUnsignedLong(h.getDeadlineMs()),
                h.hasMeta() ? object(h.getMeta()) : null);
    }

    static io.mig.binding.grpc.v0_1.MessageHeader header(MessageHeader h) {
        var b = io.mig.binding.grpc.v0_1.MessageHeader.newBuilder();
        if (h == null) {
            return b.build();
        }
        b.setMigVersion(text(h.migVersion())).setMessageId(text(h.messageId())).setTenantId(text(h.tenantId()))
                .setSessionId(text(h.sessionId())).setTraceparent(text(h.traceparent()))
                .setIdempotencyKey(text(h.idempotencyKey()));
        if (h.timestamp() != null) {
            Timestamp t = timestamp(h.timestamp());
            if (t != null) {
                b.setTimestamp(t);
            }
        }
        if (h.deadlineMs() != null) {
            b.setDeadlineMs((int) Math.min(h.deadlineMs(), 0xFFFF_FFFFL));
        }
        if (h.meta() != null) {
            b.setMeta(struct(h.meta()));
        }
        return b.build();
    }

    // ---- Struct <-> ObjectNode

    static ObjectNode object(Struct struct) {
        ObjectNode node = JSON.objectNode();
        struct.getFieldsMap().forEach((key, value) -> node.set(key, json(value)));
        return node;
    }

    /** The payload of a message: an unset Struct is an empty object (payload is always an object). */
    static ObjectNode payload(boolean present, Struct struct) {
        return present ? object(struct) : JSON.objectNode();
    }

    static Struct struct(ObjectNode node) {
        Struct.Builder b = Struct.newBuilder();
        if (node != null) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                b.putFields(field.getKey(), value(field.getValue()));
            }
        }
        return b.build();
    }

    private static JsonNode json(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> JSON.nullNode();
            case BOOL_VALUE -> JSON.booleanNode(value.getBoolValue());
            case STRING_VALUE -> JSON.textNode(value.getStringValue());
            case NUMBER_VALUE -> number(value.getNumberValue());
            case STRUCT_VALUE -> object(value.getStructValue());
            case LIST_VALUE -> {
                ArrayNode array = JSON.arrayNode();
                value.getListValue().getValuesList().forEach(v -> array.add(json(v)));
                yield array;
            }
        };
    }

    /**
     * A Struct number as JSON. NaN and the infinities are doubles but not JSON numbers: they would
     * reach an HTTP or NATS provider as the strings "NaN"/"Infinity" (or as invalid JSON), so they are
     * refused like any other value JSON cannot carry.
     */
    static JsonNode number(double d) {
        if (!Double.isFinite(d)) {
            throw MigException.invalid("a number in the message is " + d + ", which JSON cannot carry");
        }
        if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT) {
            return JSON.numberNode((long) d);
        }
        return JSON.numberNode(d);
    }

    private static Value value(JsonNode node) {
        Value.Builder b = Value.newBuilder();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return b.setNullValue(NullValue.NULL_VALUE).build();
        }
        if (node.isBoolean()) {
            return b.setBoolValue(node.booleanValue()).build();
        }
        if (node.isNumber()) {
            return b.setNumberValue(node.doubleValue()).build();
        }
        if (node.isObject()) {
            return b.setStructValue(struct((ObjectNode) node)).build();
        }
        if (node.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            node.forEach(element -> list.addValues(value(element)));
            return b.setListValue(list).build();
        }
        return b.setStringValue(node.asText()).build();
    }

    // ---- times

    static String time(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }

    /** An RFC 3339 string as a Timestamp; null when the string is not one (times are informational). */
    static Timestamp timestamp(String rfc3339) {
        return Rfc3339.timestamp(rfc3339);
    }

    // ---- enums: proto names are the core names with a prefix

    static String binding(BindingType type) {
        return type == BindingType.BINDING_TYPE_UNSPECIFIED || type == BindingType.UNRECOGNIZED ? null
                : type.name().substring("BINDING_TYPE_".length());
    }

    static BindingType binding(Binding binding) {
        // only http, grpc and nats have a number in mig.proto: mcp and a binding of your own travel as UNSPECIFIED
        if (binding == null) {
            return BindingType.BINDING_TYPE_UNSPECIFIED;
        }
        return switch (binding.wire()) {
            case "http" -> BindingType.BINDING_TYPE_HTTP;
            case "grpc" -> BindingType.BINDING_TYPE_GRPC;
            case "nats" -> BindingType.BINDING_TYPE_NATS;
            default -> BindingType.BINDING_TYPE_UNSPECIFIED;
        };
    }

    static InvocationMode mode(io.mig.core.model.InvocationMode mode) {
        return InvocationMode.valueOf("INVOCATION_MODE_" + mode.name());
    }

    static DeliverySemantics delivery(io.mig.core.model.DeliverySemantics semantics) {
        return semantics == null ? DeliverySemantics.DELIVERY_SEMANTICS_UNSPECIFIED
                : DeliverySemantics.valueOf("DELIVERY_SEMANTICS_" + semantics.name());
    }

    static io.mig.core.model.StreamPreference preference(StreamPreference p) {
        return switch (p) {
            case STREAM_PREFERENCE_UNARY -> io.mig.core.model.StreamPreference.UNARY;
            case STREAM_PREFERENCE_SERVER_STREAM -> io.mig.core.model.StreamPreference.SERVER_STREAM;
            case STREAM_PREFERENCE_BIDI_STREAM -> io.mig.core.model.StreamPreference.BIDI_STREAM;
            default -> null;
        };
    }

    static io.mig.core.model.FrameKind kind(FrameKind kind) {
        if (kind == FrameKind.FRAME_KIND_UNSPECIFIED || kind == FrameKind.UNRECOGNIZED) {
            throw MigException.invalid("frame kind is missing or unknown").withDetail("field", "kind");
        }
        return io.mig.core.model.FrameKind.valueOf(kind.name().substring("FRAME_KIND_".length()));
    }

    static FrameKind kind(io.mig.core.model.FrameKind kind) {
        return kind == null ? FrameKind.FRAME_KIND_UNSPECIFIED : FrameKind.valueOf("FRAME_KIND_" + kind.name());
    }

    // ---- errors

    static io.mig.binding.grpc.v0_1.MigError error(MigError e) {
        var b = io.mig.binding.grpc.v0_1.MigError.newBuilder()
                .setCode(MigErrorCode.valueOf(e.code().name())).setMessage(text(e.message())).setRetryable(e.retryable());
        if (e.details() != null) {
            b.setDetails(struct(e.details()));
        }
        return b.build();
    }

    static MigError error(io.mig.binding.grpc.v0_1.MigError e) {
        ErrorCode code = e.getCode() == MigErrorCode.MIG_ERROR_CODE_UNSPECIFIED || e.getCode() == MigErrorCode.UNRECOGNIZED
                ? ErrorCode.MIG_INTERNAL : ErrorCode.valueOf(e.getCode().name());
        return new MigError(code, e.getMessage(), e.getRetryable(), e.hasDetails() ? object(e.getDetails()) : null);
    }

    // ---- messages (proto -> core for requests, core -> proto for answers)

    static io.mig.core.model.HelloRequest hello(io.mig.binding.grpc.v0_1.HelloRequest r) {
        return new io.mig.core.model.HelloRequest(header(r.getHeader()), r.getSupportedVersionsList(),
                r.getRequestedBindingsList().stream().map(ProtoModel::binding).filter(java.util.Objects::nonNull).toList(),
                r.getRequestedFeaturesList());
    }

    static io.mig.binding.grpc.v0_1.HelloResponse hello(io.mig.core.model.HelloResponse r) {
        return io.mig.binding.grpc.v0_1.HelloResponse.newBuilder().setHeader(header(r.header()))
                .setSelectedVersion(text(r.selectedVersion())).setSelectedBinding(binding(r.selectedBinding()))
                .addAllEnabledFeatures(r.enabledFeatures()).setServerId(text(r.serverId()))
                .addAllProfiles(r.profiles() == null ? java.util.List.of() : r.profiles()).build();
    }

    static io.mig.core.model.DiscoverRequest discover(io.mig.binding.grpc.v0_1.DiscoverRequest r) {
        return new io.mig.core.model.DiscoverRequest(header(r.getHeader()), blank(r.getQuery()),
                r.getIncludeSchemaRefs(), r.getIncludeQos());
    }

    static io.mig.binding.grpc.v0_1.DiscoverResponse discover(io.mig.core.model.DiscoverResponse r) {
        var b = io.mig.binding.grpc.v0_1.DiscoverResponse.newBuilder().setHeader(header(r.header()));
        r.capabilities().forEach(c -> b.addCapabilities(descriptor(c)));
        return b.build();
    }

    static io.mig.binding.grpc.v0_1.CapabilityDescriptor descriptor(io.mig.core.model.CapabilityDescriptor c) {
        var b = io.mig.binding.grpc.v0_1.CapabilityDescriptor.newBuilder().setId(text(c.id()))
                .setVersion(text(c.version())).setInputSchemaUri(text(c.inputSchemaUri()))
                .setOutputSchemaUri(text(c.outputSchemaUri())).addAllEventTopics(c.eventTopics())
                .addAllAuthScopes(c.authScopes());
        c.modes().forEach(m -> b.addModes(mode(m)));
        if (c.qos() != null) {
            var q = c.qos();
            b.setQos(io.mig.binding.grpc.v0_1.QoSProfile.newBuilder()
                    .setMaxPayloadBytes(q.maxPayloadBytes() == null ? 0 : q.maxPayloadBytes())
                    .setSupportsReplay(Boolean.TRUE.equals(q.supportsReplay()))
                    .setDeliverySemantics(delivery(q.deliverySemantics()))
                    .setSupportsOrdering(Boolean.TRUE.equals(q.supportsOrdering())));
        }
        return b.build();
    }

    static io.mig.core.model.InvokeRequest invoke(io.mig.binding.grpc.v0_1.InvokeRequest r) {
        return new io.mig.core.model.InvokeRequest(header(r.getHeader()), blank(r.getCapability()),
                payload(r.hasPayload(), r.getPayload()), preference(r.getStreamPreference()));
    }

    static io.mig.binding.grpc.v0_1.InvokeResponse invoke(io.mig.core.model.InvokeResponse r) {
        return io.mig.binding.grpc.v0_1.InvokeResponse.newBuilder().setHeader(header(r.header()))
                .setCapability(text(r.capability())).setPayload(struct(r.payload()))
                .setResultSchemaUri(text(r.resultSchemaUri())).build();
    }

    static io.mig.core.model.StreamFrame frame(io.mig.binding.grpc.v0_1.StreamFrame f) {
        return new io.mig.core.model.StreamFrame(header(f.getHeader()), blank(f.getStreamId()), blank(f.getCapability()),
                kind(f.getKind()), payload(f.hasPayload(), f.getPayload()), f.getEndStream(),
                f.hasError() ? error(f.getError()) : null);
    }

    static io.mig.binding.grpc.v0_1.StreamFrame frame(io.mig.core.model.StreamFrame f) {
        var b = io.mig.binding.grpc.v0_1.StreamFrame.newBuilder().setHeader(header(f.header()))
                .setStreamId(text(f.streamId())).setCapability(text(f.capability())).setKind(kind(f.kind()))
                .setEndStream(Boolean.TRUE.equals(f.endStream()));
        if (f.payload() != null) {
            b.setPayload(struct(f.payload()));
        }
        if (f.error() != null) {
            b.setError(error(f.error()));
        }
        return b.build();
    }

    static io.mig.core.model.PublishRequest publish(io.mig.binding.grpc.v0_1.PublishRequest r) {
        return new io.mig.core.model.PublishRequest(header(r.getHeader()), blank(r.getTopic()), blank(r.getKey()),
                payload(r.hasPayload(), r.getPayload()));
    }

    static io.mig.binding.grpc.v0_1.PublishAck publish(io.mig.core.model.PublishAck a) {
        return io.mig.binding.grpc.v0_1.PublishAck.newBuilder().setHeader(header(a.header())).setTopic(text(a.topic()))
                .setEventId(text(a.eventId())).setSequence(a.sequence()).setAccepted(a.accepted()).build();
    }

    static io.mig.core.model.SubscribeRequest subscribe(io.mig.binding.grpc.v0_1.SubscribeRequest r) {
        return new io.mig.core.model.SubscribeRequest(header(r.getHeader()), blank(r.getTopic()),
                blank(r.getConsumerId()), blank(r.getResumeCursor()),
                r.getMaxInflight() == 0 ? null : (int) Math.min(Integer.toUnsignedLong(r.getMaxInflight()), Integer.MAX_VALUE));
    }

    static io.mig.binding.grpc.v0_1.EventMessage event(io.mig.core.model.EventMessage e) {
        var b = io.mig.binding.grpc.v0_1.EventMessage.newBuilder().setHeader(header(e.header()))
                .setTopic(text(e.topic())).setEventId(text(e.eventId())).setSequence(e.sequence())
                .setPayload(struct(e.payload())).setReplay(e.replay());
        Timestamp published = e.publishedAt() == null ? null : timestamp(e.publishedAt());
        if (published != null) {
            b.setPublishedAt(published);
        }
        return b.build();
    }

    static io.mig.core.model.CancelRequest cancel(io.mig.binding.grpc.v0_1.CancelRequest r) {
        return new io.mig.core.model.CancelRequest(header(r.getHeader()), blank(r.getTargetMessageId()),
                blank(r.getReason()));
    }

    static io.mig.binding.grpc.v0_1.CancelAck cancel(io.mig.core.model.CancelAck a) {
        return io.mig.binding.grpc.v0_1.CancelAck.newBuilder().setHeader(header(a.header()))
                .setTargetMessageId(text(a.targetMessageId())).setAccepted(a.accepted()).setStatus(text(a.status())).build();
    }

    static io.mig.core.model.HeartbeatRequest heartbeat(io.mig.binding.grpc.v0_1.HeartbeatRequest r) {
        return new io.mig.core.model.HeartbeatRequest(header(r.getHeader()),
                r.getIntervalMs() == 0 ? null : Integer.toUnsignedLong(r.getIntervalMs()));
    }

    static io.mig.binding.grpc.v0_1.HeartbeatAck heartbeat(io.mig.core.model.HeartbeatAck a) {
        return io.mig.binding.grpc.v0_1.HeartbeatAck.newBuilder().setHeader(header(a.header()))
                .setSuggestedIntervalMs((int) a.suggestedIntervalMs()).setLoadFactor(a.loadFactor()).build();
    }

    static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static String text(String s) {
        return s == null ? "" : s;
    }
}
