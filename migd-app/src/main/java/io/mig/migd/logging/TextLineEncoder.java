package io.mig.migd.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * A line for people at a terminal:
 * {@code 2026-12-01T09:17:25.123Z INFO  migd.access [qtp-21] POST /mig/v0.1/hello 200 method=POST status=200 …},
 * the MDC entries and key-value pairs as {@code key=value} after the message (quoted when the value
 * has a space, a quote or an {@code =}), and the stack trace on the lines below. Usable from a
 * Logback configuration file: {@code <encoder class="io.mig.migd.logging.TextLineEncoder"/>}.
 * Thread-safe.
 */
public final class TextLineEncoder extends LineEncoder {
    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        String level = event.getLevel().toString();
        line.append(LogTime.format(event.getTimeStamp())).append(' ').append(level);
        line.append(" ".repeat(Math.max(1, 6 - level.length())));
        line.append(event.getLoggerName()).append(" [").append(event.getThreadName()).append("] ");
        line.append(event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            mdc.forEach((key, value) -> field(line, key, value));
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            pairs.forEach(pair -> field(line, String.valueOf(pair.key), pair.value));
        }
        line.append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append('\n');
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder line, String key, Object value) {
        line.append(' ').append(key).append('=');
        String text = String.valueOf(value);
        if (!text.isEmpty() && text.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c == '\\' || c < 0x20)) {
            line.append(text);
            return;
        }
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"', '\\' -> line.append('\\').append(c);
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(c < 0x20 ? ' ' : c);
            }
        }
        line.append('"');
    }
}
