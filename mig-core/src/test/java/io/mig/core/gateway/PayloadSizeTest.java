package io.mig.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadSizeTest {
    private static final String CHARS = "az\"\\\n\u0001é€/ ";

    @Test
    void theBoundIsNeverBelowTheEncodedSize() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode payload = MigJson.object();
            fill(payload, random, 3);
            long exact = MigJson.encodedLength(payload);
            long bound = PayloadSize.upperBound(payload, Long.MAX_VALUE);
            assertThat(bound).as("%s", payload).isGreaterThanOrEqualTo(exact);
            assertThat(PayloadSize.upperBound(payload, exact - 1)).as("stops above a smaller limit").isGreaterThan(exact - 1);
        }
    }

    @Test
    void decimalsHaveNoCheapBound() {
        ObjectNode payload = MigJson.object().put("x", new BigDecimal("1.50"));
        assertThat(PayloadSize.upperBound(payload, 1_000)).isEqualTo(PayloadSize.UNBOUNDED);
        assertThat(PayloadSize.upperBound(MigJson.object().put("s", "abc"), 1_000)).isEqualTo(2 + 4 + 6 + 2 + 18);
    }

    private static void fill(JsonNode node, SplittableRandom random, int depth) {
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            String key = text(random);
            int kind = random.nextInt(depth > 0 ? 9 : 7);
            if (node instanceof ObjectNode o) {
                switch (kind) {
                    case 0 -> o.put(key, text(random));
                    case 1 -> o.put(key, random.nextInt());
                    case 2 -> o.put(key, random.nextLong());
                    case 3 -> o.put(key, new BigInteger(random.nextInt(1, 300), new java.util.Random(random.nextLong())).negate());
                    case 4 -> o.put(key, random.nextBoolean());
                    case 5 -> o.putNull(key);
                    case 6 -> o.put(key, (short) random.nextInt(-32768, 32767));
                    case 7 -> fill(o.putObject(key), random, depth - 1);
                    default -> fill(o.putArray(key), random, depth - 1);
                }
            } else {
                ArrayNode a = (ArrayNode) node;
                switch (kind) {
                    case 0 -> a.add(text(random));
                    case 1 -> a.add(random.nextInt());
                    case 2 -> a.add(random.nextLong());
                    case 3 -> a.add(new BigInteger(random.nextInt(1, 300), new java.util.Random(random.nextLong())));
                    case 4 -> a.add(random.nextBoolean());
                    case 5 -> a.addNull();
                    case 6 -> a.add(Long.MIN_VALUE);
                    case 7 -> fill(a.addObject(), random, depth - 1);
                    default -> fill(a.addArray(), random, depth - 1);
                }
            }
        }
    }

    private static String text(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            s.append(CHARS.charAt(random.nextInt(CHARS.length())));
        }
        return s.toString();
    }
}
