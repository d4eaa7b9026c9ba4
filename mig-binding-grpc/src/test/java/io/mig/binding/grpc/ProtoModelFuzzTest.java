package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.PublishRequest;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.testing.TimeBound;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of the gRPC ↔ model conversion (issue 11, item 3; {@code jqwik.tries.default}
 * inputs: short in the test command, 100,000 in {@code bench/fuzz}): whatever
 * message a client can put on the wire converts to the MIG model or is refused with
 * {@code MIG_INVALID_REQUEST}; a converted payload is JSON that any provider can read (no NaN or
 * Infinity, which JSON has no numbers for, reaching a provider as a string or worse).
 */
class ProtoModelFuzzTest {
    @Property
    void anyParsableMessageConvertsOrIsAnInvalidRequest(@ForAll("wireBytes") byte[] bytes) {
        convertsOrIsInvalid(() -> {
            try {
                ProtoModel.invoke(InvokeRequest.parseFrom(bytes));
                ProtoModel.frame(StreamFrame.parseFrom(bytes));
                ProtoModel.publish(PublishRequest.parseFrom(bytes));
                ProtoModel.subscribe(SubscribeRequest.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                // not a message at all: the marshaller refuses those (MalformedMessages), before any conversion
            }
        });
    }

    @Property
    void aConvertedPayloadIsPortableJson(@ForAll("structs") Struct payload) {
        convertsOrIsInvalid(() -> {
            JsonNode converted = ProtoModel.invoke(InvokeRequest.newBuilder().setCapability("acme.tools.x").setPayload(payload).build())
                    .payload();
            assertFiniteNumbers(converted);
            String json = MigJson.encodeToString(converted);
            assertThat(MigJson.readObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).size())
                    .as("the payload a provider receives is valid JSON with the same members").isEqualTo(converted.size());
        });
    }

    @Provide
    Arbitrary<byte[]> wireBytes() {
        Arbitrary<byte[]> valid = structs().map(s -> InvokeRequest.newBuilder().setCapability("a.b").setPayload(s).build().toByteArray());
        Arbitrary<byte[]> mutated = valid.flatMap(b -> Arbitraries.integers().between(0, Math.max(0, b.length - 1))
                .map(i -> {
                    byte[] copy = b.clone();
                    if (copy.length > 0) {
                        copy[i] ^= (byte) 0x5a;
                    }
                    return copy;
                }));
        return Arbitraries.oneOf(valid, mutated, Arbitraries.bytes().array(byte[].class).ofMaxSize(120));
    }

    @Provide
    Arbitrary<Struct> structs() {
        Arbitrary<Double> numbers = Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE, 1e300, 9.007199254740993e15));
        Arbitrary<Value> leaves = Arbitraries.oneOf(
                numbers.map(d -> Value.newBuilder().setNumberValue(d).build()),
                Arbitraries.strings().ofMaxLength(20).map(s -> Value.newBuilder().setStringValue(s).build()),
                Arbitraries.of(true, false).map(b -> Value.newBuilder().setBoolValue(b).build()),
                Arbitraries.just(Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()),
                Arbitraries.just(Value.getDefaultInstance()));
        Arbitrary<Value> lists = leaves.list().ofMaxSize(4).map(l -> Value.newBuilder().setListValue(ListValue.newBuilder().addAllValues(l)).build());
        Arbitrary<Value> values = Arbitraries.oneOf(leaves, lists);
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), values).ofMaxSize(6)
                .map(m -> Struct.newBuilder().putAllFields(m).build());
    }

    private static void assertFiniteNumbers(JsonNode node) {
        if (node.isNumber()) {
            assertThat(Double.isFinite(node.doubleValue())).as("a JSON number, not %s", node).isTrue();
        }
        node.forEach(ProtoModelFuzzTest::assertFiniteNumbers);
    }

    private static void convertsOrIsInvalid(Runnable conversion) {
        TimeBound.run(() -> {
            try {
                conversion.run();
            } catch (MigException e) {
                assertThat(e.code()).as("refused as %s: %s", e.code(), e.getMessage()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
            }
        });
    }
}
