package io.mig.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A server-sent-event stream read on its own thread: each event's name and JSON data, turned into
 * the kit's item by {@code convert}, wait in a queue for {@link #next}. Comment lines
 * ({@code : keep-alive}) are skipped.
 */
final class SseLines implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object END = new Object();

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private final InputStream body;
    private volatile boolean over;

    SseLines(InputStream body, BiFunction<String, JsonNode, JsonNode> convert) {
        this.body = body;
        Thread reader = new Thread(() -> read(convert), "kit-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private SseLines(JsonNode only) {
        this.body = InputStream.nullInputStream();
        items.add(only);
        items.add(END);
    }

    /** A stream that holds just {@code item} (e.g. the refusal that came instead of a stream). */
    static SseLines of(JsonNode item) {
        return new SseLines(item);
    }

    private void read(BiFunction<String, JsonNode, JsonNode> convert) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        items.add(convert.apply(event, JSON.readTree(data.toString())));
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (IOException e) {
            // the stream ended (or was closed by close()): what came before is all there is
        } finally {
            items.add(END);
        }
    }

    /** The next item, or null when none came within {@code timeout} or the stream is over. */
    JsonNode next(Duration timeout) throws InterruptedException {
        if (over) {
            return null;
        }
        Object item = items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (item == END) {
            over = true;
            return null;
        }
        return (JsonNode) item;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // hanging up is all that is wanted
        }
    }
}
