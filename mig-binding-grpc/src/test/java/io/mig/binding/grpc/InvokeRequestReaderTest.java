package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.MessageHeader;
import io.mig.binding.grpc.v0_1.StreamPreference;
import io.mig.core.json.MigJson;
import java.io.ByteArrayOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link InvokeRequestReader} reads a message to exactly what the generated parser and
 * {@link ProtoModel} make of it (member order included), or leaves it to them; the messages
 * clients send are read by it.
 */
class InvokeRequestReaderTest {
    @Test
    void theMessagesClientsSendAreReadAsTheGeneratedParserReadsThem() throws Exception {
        Struct nested = Struct.newBuilder()
                .putFields("s", string("h\u00e9llo \u4e16\u754c \ud83d\ude80"))
                .putFields("i", number(3)).putFields("neg", number(-7)).putFields("f", number(1.5))
                .putFields("big", number(9.007199254740993e15)).putFields("zero", number(-0.0))
                .putFields("t", Value.newBuilder().setBoolValue(true).build())
                .putFields("false", Value.newBuilder().setBoolValue(false).build())
                .putFields("n", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                .putFields("unset", Value.getDefaultInstance())
                .putFields("", string(""))
                .putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(number(1)).addValues(string("two")).addValues(Value.getDefaultInstance())
                        .addValues(Value.newBuilder().setListValue(ListValue.getDefaultInstance()))).build())
                .build();
        Struct payload = Struct.newBuilder().putFields("input", string("hello"))
                .putFields("obj", Value.newBuilder().setStructValue(nested).build())
                .putFields("empty", Value.newBuilder().setStructValue(Struct.getDefaultInstance()).build()).build();
        InvokeRequest[] messages = {
            InvokeRequest.newBuilder().setHeader(MessageHeader.newBuilder().setTenantId("acme"))
                    .setCapability("observatory.models.infer").setPayload(Struct.newBuilder().putFields("input", string("hello"))).build(),
            InvokeRequest.getDefaultInstance(),
            InvokeRequest.newBuilder().setCapability("a.b").build(),
            InvokeRequest.newBuilder().setHeader(MessageHeader.getDefaultInstance()).setPayload(Struct.getDefaultInstance()).build(),
            InvokeRequest.newBuilder().setHeader(MessageHeader.newBuilder().setMigVersion("0.1").setMessageId("m-1")
                            .setTenantId("t").setSessionId("s").setTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                            .setIdempotencyKey("k\u00e9").setDeadlineMs(-1).setMeta(nested))
                    .setCapability("c.d").setPayload(payload).setStreamPreference(StreamPreference.STREAM_PREFERENCE_SERVER_STREAM).build(),
            InvokeRequest.newBuilder().setStreamPreference(StreamPreference.STREAM_PREFERENCE_UNARY).setPayload(nested).build(),
            InvokeRequest.newBuilder().setStreamPreferenceValue(42).setHeader(MessageHeader.newBuilder().setDeadlineMs(30_000)).build(),
        };
        for (InvokeRequest message : messages) {
            assertThat(InvokeRequestReader.read(message.toByteArray())).as("read here: %s", message).isNotNull();
            assertReadAsGenerated(message.toByteArray());
        }
    }

    @Test
    void whatOnlyTheGeneratedParserReadsRightIsLeftToIt() throws Exception {
        byte[] demo = InvokeRequest.newBuilder().setCapability("a.b").setPayload(Struct.newBuilder().putFields("x", number(1))).build().toByteArray();
        byte[][] others = {
            concat(demo, demo), // every field twice: protobuf merges the payloads, replaces the capability
            InvokeRequest.newBuilder().setHeader(MessageHeader.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(1))).build().toByteArray(),
            InvokeRequest.newBuilder().setPayload(Struct.newBuilder().putFields("x", number(Double.NaN))).build().toByteArray(),
            concat(demo, new byte[] {(byte) 0xa8, 0x1f, 0x01}), // unknown field 501
            new byte[] {0x12, 0x02, (byte) 0xc3, 0x28}, // capability with invalid UTF-8
            new byte[] {0x12, 0x05, 'a'}, // truncated
        };
        for (byte[] bytes : others) {
            assertThat(InvokeRequestReader.read(bytes)).as("left to the generated parser").isNull();
            assertReadAsGenerated(bytes);
        }
    }

    @Test
    void theMarshallerReadsStreamsOfEveryKindAndRefusesWhatIsNotProtobufAsGrpcJavaDoes() {
        InvokeRequest message = InvokeRequest.newBuilder().setCapability("a.b")
                .setPayload(Struct.newBuilder().putFields("x", string("y".repeat(20_000)))).build();
        byte[] bytes = message.toByteArray();
        InvokeMessage.Marshaller marshaller = new InvokeMessage.Marshaller();
        class Known extends java.io.ByteArrayInputStream implements io.grpc.KnownLength {
            Known(byte[] b) {
                super(b);
            }
        }
        for (java.io.InputStream stream : new java.io.InputStream[] {new Known(bytes), new java.io.ByteArrayInputStream(bytes),
                new java.io.BufferedInputStream(new java.io.ByteArrayInputStream(bytes), 7)}) {
            InvokeMessage read = marshaller.parse(stream);
            assertThat(read.capability()).isEqualTo("a.b");
            assertThat(read.model()).isEqualTo(ProtoModel.invoke(message));
        }
        assertThat(marshaller.parse(new Known(new byte[0])).model()).isEqualTo(ProtoModel.invoke(InvokeRequest.getDefaultInstance()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> marshaller.parse(new Known(new byte[] {0x12, 0x05, 'a'})))
                .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INTERNAL);
                    assertThat(e.getCause()).isInstanceOf(InvalidProtocolBufferException.class);
                });
    }

    @Property
    void anyBytesAreReadAsTheGeneratedParserReadsThemOrLeftToIt(@ForAll("wireBytes") byte[] bytes) throws Exception {
        assertReadAsGenerated(bytes);
    }

    @Provide
    Arbitrary<byte[]> wireBytes() {
        return new ProtoModelFuzzTest().wireBytes();
    }

    /** Null, or the same record, member order and number kinds as the generated way. */
    private static void assertReadAsGenerated(byte[] bytes) {
        io.mig.core.model.InvokeRequest read = InvokeRequestReader.read(bytes);
        if (read == null) {
            return;
        }
        io.mig.core.model.InvokeRequest generated;
        try {
            generated = ProtoModel.invoke(InvokeRequest.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("read bytes the generated parser refuses: " + e.getMessage(), e);
        }
        assertThat(read).isEqualTo(generated);
        assertThat(MigJson.encodeToString(read)).isEqualTo(MigJson.encodeToString(generated));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Value number(double d) {
        return Value.newBuilder().setNumberValue(d).build();
    }
}
