package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The hand-written Invoke answer ({@link InvokeAnswerWriter}) is byte for byte what the generated
 * message of {@link ProtoModel#invoke(InvokeResponse)} writes, for every kind of payload and header.
 */
class InvokeAnswerWriterTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String NOW = "2026-12-01T20:30:00.123456789Z";

    @Test
    void theDemoAnswerAndEmptyAnswersAreTheGeneratedBytes() {
        MessageHeader header = new MessageHeader("0.1", "msg-1", NOW, "acme", null,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null, 30_000L, null);
        assertSameBytes(new InvokeResponse(header, "observatory.models.infer", json("{\"output\":\"HELLO\",\"model\":\"demo\"}"), null));
        assertSameBytes(new InvokeResponse(null, null, null, null));
        assertSameBytes(new InvokeResponse(MessageHeader.empty(), "", JSON.objectNode(), ""));
        assertSameBytes(new InvokeResponse(MessageHeader.empty(), "a.b", JSON.objectNode(), "https://schemas.example/out.json"));
    }

    @Test
    void everyHeaderFieldAndTimeFormIsTheGeneratedBytes() {
        for (String time : new String[] {NOW, "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "2026-12-01T21:30:00+01:00",
                "not a time", "", "0001-01-01T00:00:00Z"}) {
            for (Long deadline : new Long[] {null, 0L, 1L, 127L, 128L, 0xFFFF_FFFFL, 0x1_0000_0000L, -5L, Long.MAX_VALUE}) {
                MessageHeader header = new MessageHeader("0.1", "m", time, "t", "s", "tp", "key-\u00e9", deadline,
                        json("{\"k\":\"v\",\"n\":{\"x\":[1,2]}}"));
                assertSameBytes(new InvokeResponse(header, "c.d", json("{\"x\":1}"), "u"));
            }
        }
        assertSameBytes(new InvokeResponse(MessageHeader.empty().withMeta(JSON.objectNode()), "c", null, null));
    }

    @Test
    void numbersOfEveryKindAreTheGeneratedBytes() {
        ObjectNode payload = JSON.objectNode();
        payload.put("int", 3).put("zero", 0).put("negative", -7).put("long", Long.MAX_VALUE).put("minLong", Long.MIN_VALUE)
                .put("short", (short) 12).put("float", 1.5f).put("double", 0.1).put("negZero", -0.0)
                .put("tiny", Double.MIN_VALUE).put("huge", Double.MAX_VALUE).put("nan", Double.NaN)
                .put("inf", Double.POSITIVE_INFINITY).put("big", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("3.14159265358979323846264338327950288")).put("exact", 9.007199254740993e15);
        payload.set("parsed", json("{\"a\":1e400,\"b\":-1.0E-400,\"c\":12345678901234567890123,\"d\":1.0}"));
        assertSameBytes(new InvokeResponse(MessageHeader.empty(), "n.n", payload, null));
    }

    @Test
    void textNullsNestingAndOtherNodesAreTheGeneratedBytes() {
        ObjectNode payload = json("""
                {"": "", "unicode": "h\u00e9llo \u4e16\u754c \ud83d\ude80", "\u00fc\u00f1\u00ee": true, "f": false,
                 "null": null, "empty": {}, "list": [], "nested": [[[]], [{}], [null, 1, "x", {"deep": {"deeper": [true]}}]]}
                """);
        payload.put("lone surrogate", "a\ud800b"); // protobuf-java writes it as '?'; so must the writer
        payload.put("long text", "x".repeat(200_000)); // a length of three varint bytes
        payload.set("binary", JSON.binaryNode(new byte[] {1, 2, 3}));
        payload.set("pojo", JSON.pojoNode(List.of(1, 2)));
        payload.set("missing", JSON.missingNode());
        payload.putNull("explicit null");
        ArrayNode deep = JSON.arrayNode();
        JsonNode inner = deep;
        for (int i = 0; i < 40; i++) {
            ArrayNode next = JSON.arrayNode();
            ((ArrayNode) inner).add(next).add(i);
            inner = next;
        }
        payload.set("deep", deep);
        assertSameBytes(new InvokeResponse(MessageHeader.empty(), "t.t", payload, null));
    }

    @Property
    void randomPayloadsAreTheGeneratedBytes(@ForAll long seed) {
        Random random = new Random(seed);
        assertSameBytes(new InvokeResponse(MessageHeader.forTenant("acme").withTimestamp(NOW), "r.r", object(random, 0), null));
    }

    private static void assertSameBytes(InvokeResponse answer) {
        byte[] generated = ProtoModel.invoke(answer).toByteArray();
        byte[] written = new InvokeAnswerWriter().write(answer);
        assertThat(written).as("the bytes of %s", answer).isEqualTo(generated);
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode node = JSON.objectNode();
        int size = random.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < size; i++) {
            node.set(text(random), value(random, depth + 1));
        }
        return node;
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> JSON.nullNode();
            case 1 -> JSON.booleanNode(random.nextBoolean());
            case 2 -> JSON.numberNode(random.nextLong() >> random.nextInt(64));
            case 3 -> JSON.numberNode(Double.longBitsToDouble(random.nextLong()));
            case 4 -> JSON.numberNode(random.nextDouble() * 1000);
            case 5 -> JSON.textNode(text(random));
            case 6 -> object(random, depth);
            default -> {
                ArrayNode array = JSON.arrayNode();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
        };
    }

    /** Short strings of ASCII, Latin-1, CJK, surrogate pairs and now and then a lone surrogate. */
    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(random.nextInt(10) == 0 ? 300 : 12);
        List<int[]> ranges = new ArrayList<>(List.of(new int[] {0x20, 0x7f}, new int[] {0x80, 0x800},
                new int[] {0x4e00, 0x9fff}, new int[] {0x1f600, 0x1f64f}, new int[] {0, 0x20}));
        for (int i = 0; i < length; i++) {
            int[] range = ranges.get(random.nextInt(ranges.size()));
            s.appendCodePoint(range[0] + random.nextInt(range[1] - range[0]));
        }
        if (random.nextInt(50) == 0) {
            s.append('\udc00');
        }
        return s.toString();
    }

    private static ObjectNode json(String text) {
        return MigJson.readObject(text.getBytes(StandardCharsets.UTF_8));
    }
}
