package io.mig.migd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The shape of a JSON log line: flat, typed, one line, no duplicate keys. */
class JsonLineEncoderTest {
    private static final Pattern VALUE = Pattern.compile("\"v\":([^,}]+)");
    private final LoggerContext context = new LoggerContext();

    @Test
    void oneFlatObjectPerLineWithTypedFieldsTheMdcAndTheStackTrace() throws Exception {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("io.mig.test"), Level.WARN, "two\nlines {}",
                new IllegalStateException("broken"), new Object[] {"\"quoted\""});
        event.setMDCPropertyMap(Map.of("request", "r-1"));
        event.addKeyValuePair(new KeyValuePair("status", 503));
        event.addKeyValuePair(new KeyValuePair("duration_ms", 1.25));
        event.addKeyValuePair(new KeyValuePair("retry", true));
        event.addKeyValuePair(new KeyValuePair("level", "a field named like a reserved one"));
        event.addKeyValuePair(new KeyValuePair("none", null));

        String line = new String(new JsonLineEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("logger").asText()).isEqualTo("io.mig.test");
        assertThat(json.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(json.path("message").asText()).isEqualTo("two\nlines \"quoted\"");
        assertThat(json.path("request").asText()).isEqualTo("r-1");
        assertThat(json.path("status").isInt()).isTrue();
        assertThat(json.path("status").asInt()).isEqualTo(503);
        assertThat(json.path("duration_ms").asDouble()).isEqualTo(1.25);
        assertThat(json.path("retry").isBoolean()).isTrue();
        assertThat(json.path("_level").asText()).isEqualTo("a field named like a reserved one");
        assertThat(json.path("none").isNull()).isTrue();
        assertThat(json.path("exception").asText()).startsWith("java.lang.IllegalStateException: broken")
                .contains("at io.mig.migd.logging.JsonLineEncoderTest");
    }

    @Test
    void everyStringComesBackWholeControlCharactersQuotesAstralCharactersAndLoneSurrogatesIncluded() throws Exception {
        Random random = new Random(12);
        ObjectMapper json = new ObjectMapper();
        char[] alphabet = {'a', ' ', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', 0, 0x1f, 0x7f, 0xe9, 0x7ff, 0x800, 0x20ac,
            0xfffd, 0xd83d, 0xde00, 0xdbff, 0xdc00};
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(round % 100 == 0 ? 2_000 : 40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            LoggingEvent event = event(Map.of());
            event.addKeyValuePair(new KeyValuePair("text", text.toString()));

            String line = new String(new JsonLineEncoder().encode(event), StandardCharsets.UTF_8);

            assertThat(line).hasLineCount(1);
            assertThat(json.readTree(line).path("text").asText()).isEqualTo(text.toString());
        }
    }

    @Test
    void aDoubleIsWrittenAsDoubleToStringWritesIt() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            double value = switch (round % 4) {
                case 0 -> Math.round(random.nextDouble() * 100_000) / 100.0; // an access log duration
                case 1 -> Math.round(random.nextDouble() * 1e9) / 100.0 + 0.001 * random.nextInt(3);
                case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15);
                default -> new double[] {0.0, -0.0, 0.01, 0.005, 9_999_999.99, 1e7, 100.0, 0.1, -1.25}[random.nextInt(9)];
            };
            assertThat(written(value)).as("the double %s", value).isEqualTo(Double.toString(value));
        }
    }

    @Test
    void anIntegerIsWrittenAsLongToStringWritesIt() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            long value = switch (round % 4) {
                case 0 -> random.nextInt(1000); // a status, a duration's whole part
                case 1 -> random.nextLong() >> random.nextInt(64);
                case 2 -> (long) Math.pow(10, random.nextInt(19)) - random.nextInt(2);
                default -> new long[] {0, -1, 9, 10, -10, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}[random.nextInt(8)];
            };
            Object boxed = switch (round % 3) {
                case 0 -> value;
                case 1 -> (int) value;
                default -> (short) value;
            };
            assertThat(written(boxed)).as("the number %s", boxed).isEqualTo(boxed.toString());
        }
    }

    @Test
    void eachTakenNameGetsAnotherUnderscore() throws Exception {
        LoggingEvent event = event(Map.of("status", "from the MDC"));
        event.addKeyValuePair(new KeyValuePair("status", 200));
        event.addKeyValuePair(new KeyValuePair("_status", "third"));
        event.addKeyValuePair(new KeyValuePair("ts", "fourth"));
        event.addKeyValuePair(new KeyValuePair("big", new BigDecimal("12.50")));

        JsonNode json = new ObjectMapper().readTree(new JsonLineEncoder().encode(event));

        assertThat(json.path("status").asText()).isEqualTo("from the MDC");
        assertThat(json.path("_status").asInt()).isEqualTo(200);
        assertThat(json.path("__status").asText()).isEqualTo("third");
        assertThat(json.path("_ts").asText()).isEqualTo("fourth");
        assertThat(json.path("big").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(json.size()).isEqualTo(10);
    }

    /** The text a line gives {@code value} as its field {@code v}. */
    private String written(Object value) {
        LoggingEvent event = event(Map.of());
        event.addKeyValuePair(new KeyValuePair("v", value));
        Matcher field = VALUE.matcher(new String(new JsonLineEncoder().encode(event), StandardCharsets.UTF_8));
        assertThat(field.find()).as("a field v in the line").isTrue();
        return field.group(1);
    }

    private LoggingEvent event(Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("io.mig.test"), Level.INFO, "m", null, null);
        event.setMDCPropertyMap(mdc);
        return event;
    }
}
