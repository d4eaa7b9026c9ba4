package io.mig.binding.http.provider;

import io.mig.core.spi.StreamItem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a streamed answer into items: NDJSON (one JSON object per line) or server-sent events
 * (one item per event, its {@code data:} lines joined). Holds at most one unfinished line, and a
 * line longer than the limit fails the stream, so an upstream cannot make the gateway buffer
 * without bound.
 */
final class LineDecoder {
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final boolean sse;
    private final int maxLineBytes;
    private final Consumer<StreamItem> items;
    private byte[] line = new byte[256];
    private int lineLength;
    /** The {@code data:} lines of the SSE event being read. */
    private byte[] event = new byte[0];
    private int eventLength;
    private boolean eventHasData;

    LineDecoder(boolean sse, int maxLineBytes, Consumer<StreamItem> items) {
        this.sse = sse;
        this.maxLineBytes = maxLineBytes;
        this.items = items;
    }

    /**
     * Feeds bytes; each complete item goes to the consumer.
     *
     * @throws io.mig.core.error.MigException a line over the limit, or an item that is not valid
     */
    void feed(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                endOfLine();
            } else {
                append(b);
            }
        }
    }

    /** The answer ended: a last line without its newline still counts. */
    void finish() {
        if (lineLength > 0) {
            endOfLine();
        }
        if (sse) {
            dispatchEvent();
        }
    }

    private void append(byte b) {
        if (lineLength == maxLineBytes) {
            throw Answers.tooLarge(maxLineBytes);
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
        }
        line[lineLength++] = b;
    }

    private void endOfLine() {
        int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        lineLength = 0;
        if (!sse) {
            if (!isBlank(line, 0, length)) {
                items.accept(Answers.item(line, length));
            }
            return;
        }
        if (length == 0) {
            dispatchEvent();
        } else if (startsWith(line, length, DATA)) {
            int from = DATA.length < length && line[DATA.length] == ' ' ? DATA.length + 1 : DATA.length;
            appendData(from, length);
        }
        // other fields (event:, id:, retry:) and comments (": keep-alive") carry no item
    }

    private void appendData(int from, int to) {
        int needed = eventLength + (eventHasData ? 1 : 0) + (to - from);
        if (needed > maxLineBytes) {
            throw Answers.tooLarge(maxLineBytes);
        }
        if (needed > event.length) {
            event = Arrays.copyOf(event, Math.max(needed, event.length * 2));
        }
        if (eventHasData) {
            event[eventLength++] = '\n';
        }
        System.arraycopy(line, from, event, eventLength, to - from);
        eventLength += to - from;
        eventHasData = true;
    }

    private void dispatchEvent() {
        if (!eventHasData) {
            return;
        }
        int length = eventLength;
        eventLength = 0;
        eventHasData = false;
        if (!isBlank(event, 0, length)) {
            items.accept(Answers.item(event, length));
        }
    }

    private static boolean startsWith(byte[] bytes, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
