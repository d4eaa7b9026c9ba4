package io.mig.migd.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One flat JSON object per line, for log pipelines: {@code ts} (ISO-8601 UTC), {@code level},
 * {@code logger}, {@code thread}, {@code message}, then every MDC entry and every key-value pair of
 * the event as a field of its own (numbers and booleans keep their JSON type), then
 * {@code exception} (the stack trace as one string) when there is one.
 *
 * <p>Logback's own {@code JsonEncoder} nests the key-value pairs in a list of one-entry objects and
 * repeats the logger context on every line, which pipelines cannot index without a parsing step.
 * A field whose name is already taken is written with a leading {@code _}, so no line has a
 * duplicate key. Usable from a Logback configuration file:
 * {@code <encoder class="io.mig.migd.logging.JsonLineEncoder"/>}. Thread-safe.
 */
public final class JsonLineEncoder extends LineEncoder {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final List<String> OWN_FIELDS = List.of("ts", "level", "logger", "thread", "message", "exception");

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            List<String> taken = new ArrayList<>(16);
            taken.addAll(OWN_FIELDS);
            json.writeStartObject();
            json.writeStringField("ts", LogTime.format(event.getTimeStamp()));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> entry : mdc.entrySet()) {
                    json.writeFieldName(free(taken, entry.getKey()));
                    json.writeString(entry.getValue());
                }
            }
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair pair : pairs) {
                    json.writeFieldName(free(taken, String.valueOf(pair.key)));
                    writeValue(json, pair.value);
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                json.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON into memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    // a list: a line has a dozen fields or so, fewer than a hash set is worth building for
    private static String free(List<String> taken, String name) {
        String field = name;
        while (taken.contains(field)) {
            field = "_" + field;
        }
        taken.add(field);
        return field;
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            json.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof BigDecimal d) {
            json.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            json.writeNumber(i);
        } else {
            json.writeString(value.toString());
        }
    }
}
