package io.mig.migd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The shape of a JSON log line: flat, typed, one line, no duplicate keys. */
class JsonLineEncoderTest {
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
}
