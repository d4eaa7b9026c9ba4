package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.binding.grpc.v0_1.BindingType;
import io.mig.binding.grpc.v0_1.FrameKind;
import io.mig.binding.grpc.v0_1.MigErrorCode;
import io.mig.binding.grpc.v0_1.StreamPreference;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.DeliverySemantics;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.QosProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoModelTest {
    @Test
    void nanAndInfinityInAPayloadAreRefusedNotPassedOnAsStrings() {
        // found by ProtoModelFuzzTest: a Struct number NaN reached the provider as the string "NaN"
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            com.google.protobuf.Struct payload = com.google.protobuf.Struct.newBuilder()
                    .putFields("x", com.google.protobuf.Value.newBuilder().setNumberValue(d).build()).build();
            assertThatThrownBy(() -> ProtoModel.invoke(io.mig.binding.grpc.v0_1.InvokeRequest.newBuilder()
                    .setCapability("acme.tools.x").setPayload(payload).build()))
                    .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
        }
    }

    @Test
    void jsonSurvivesAStructRoundTripWithIntegersKeptIntegral() {
        ObjectNode json = MigJson.readObject("""
                {"s":"x","i":3,"neg":-7,"f":1.5,"b":true,"n":null,"list":[1,"two",{"k":false}],"obj":{"deep":{"x":2}}}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ObjectNode back = ProtoModel.object(ProtoModel.struct(json));
        // the same JSON text (Jackson's node classes differ: IntNode in, LongNode out)
        assertThat(MigJson.encodeToString(back)).isEqualTo(MigJson.encodeToString(json));
        assertThat(back.get("i").isIntegralNumber()).isTrue();
        assertThat(back.get("f").doubleValue()).isEqualTo(1.5);
    }

    @Test
    void mcpHasNoProtoNumberAndTravelsAsUnspecified() {
        assertThat(ProtoModel.binding(io.mig.core.model.Binding.MCP)).isEqualTo(BindingType.BINDING_TYPE_UNSPECIFIED);
        assertThat(ProtoModel.binding(io.mig.core.model.Binding.of("tcp"))).isEqualTo(BindingType.BINDING_TYPE_UNSPECIFIED);
        assertThat(ProtoModel.binding(io.mig.core.model.Binding.GRPC)).isEqualTo(BindingType.BINDING_TYPE_GRPC);
    }

    @Test
    void anEmptyProtoHeaderLeavesEverythingToTheGateway() {
        MessageHeader header = ProtoModel.header(io.mig.binding.grpc.v0_1.MessageHeader.getDefaultInstance());
        assertThat(header).isEqualTo(MessageHeader.empty());
    }

    @Test
    void headersRoundTripIncludingTimestampAndMeta() {
        MessageHeader header = new MessageHeader("0.1", "m-1", "2026-01-02T03:04:05.123Z", "acme", "s", null, "k",
                2500L, MigJson.object().put("mig.stream_preference", "server_stream"));
        var proto = ProtoModel.header(header);
        assertThat(proto.getTimestamp().getSeconds()).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z").getEpochSecond());
        assertThat(proto.getDeadlineMs()).isEqualTo(2500);
        assertThat(ProtoModel.header(proto)).isEqualTo(header);
    }

    @Test
    void enumsMapByName() {
        assertThat(ProtoModel.binding(BindingType.BINDING_TYPE_NATS)).isEqualTo("NATS");
        assertThat(ProtoModel.binding(BindingType.BINDING_TYPE_UNSPECIFIED)).isNull();
        assertThat(ProtoModel.binding(io.mig.core.model.Binding.GRPC)).isEqualTo(BindingType.BINDING_TYPE_GRPC);
        assertThat(ProtoModel.preference(StreamPreference.STREAM_PREFERENCE_SERVER_STREAM))
                .isEqualTo(io.mig.core.model.StreamPreference.SERVER_STREAM);
        assertThat(ProtoModel.preference(StreamPreference.STREAM_PREFERENCE_UNSPECIFIED)).isNull();
        assertThat(ProtoModel.kind(io.mig.core.model.FrameKind.CONTROL)).isEqualTo(FrameKind.FRAME_KIND_CONTROL);
        assertThatThrownBy(() -> ProtoModel.kind(FrameKind.FRAME_KIND_UNSPECIFIED))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
    }

    @Test
    void descriptorsCarryModesAndQos() {
        var descriptor = new CapabilityDescriptor("a.b", "1.0.0", List.of(InvocationMode.UNARY, InvocationMode.SERVER_STREAM),
                "in", "out", List.of("scope"), List.of("t.x"), new QosProfile(1024L, true, DeliverySemantics.AT_LEAST_ONCE, true),
                "desc");
        var proto = ProtoModel.descriptor(descriptor);
        assertThat(proto.getModesList()).containsExactly(io.mig.binding.grpc.v0_1.InvocationMode.INVOCATION_MODE_UNARY,
                io.mig.binding.grpc.v0_1.InvocationMode.INVOCATION_MODE_SERVER_STREAM);
        assertThat(proto.getQos().getMaxPayloadBytes()).isEqualTo(1024);
        assertThat(proto.getQos().getDeliverySemantics())
                .isEqualTo(io.mig.binding.grpc.v0_1.DeliverySemantics.DELIVERY_SEMANTICS_AT_LEAST_ONCE);
        assertThat(proto.getAuthScopesList()).containsExactly("scope");
    }

    @Test
    void errorsRoundTrip() {
        var error = MigException.backpressure("slow").withDetail("last_sequence", 12).toError();
        var proto = ProtoModel.error(error);
        assertThat(proto.getCode()).isEqualTo(MigErrorCode.MIG_BACKPRESSURE);
        assertThat(proto.getRetryable()).isTrue();
        var back = ProtoModel.error(proto);
        assertThat(back.code()).isEqualTo(ErrorCode.MIG_BACKPRESSURE);
        assertThat(back.message()).isEqualTo("slow");
        assertThat(back.details().path("last_sequence").asLong()).isEqualTo(12);
    }

    @Test
    void aFrameWithoutPayloadGetsAnEmptyObject() {
        var frame = ProtoModel.frame(io.mig.binding.grpc.v0_1.StreamFrame.newBuilder()
                .setKind(FrameKind.FRAME_KIND_REQUEST).setCapability("a.b").build());
        assertThat(frame.payload()).isEmpty();
        assertThat(frame.streamId()).isNull();
        assertThat(frame.kind()).isEqualTo(io.mig.core.model.FrameKind.REQUEST);
    }
}
