package io.mig.examples.jsonl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads {@code \n}-terminated lines of at most {@code maxBytes} from a socket. A longer line is
 * skipped up to its newline and reported as {@link Line#tooLong()}, so one oversized request costs
 * one error answer, not the connection, and never more than {@code maxBytes} of memory.
 */
final class LineReader {
    /** One line, without its terminator ({@code \r\n} accepted too). */
    record Line(byte[] bytes, boolean tooLong) {
    }

    private final InputStream in;
    private final int maxBytes;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at the end of the stream (a last line without newline still counts). */
    Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean tooLong = false;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return finish(line, tooLong);
            }
            if (line.size() < maxBytes) {
                line.write(b);
            } else {
                tooLong = true;
            }
        }
        return line.size() == 0 && !tooLong ? null : finish(line, tooLong);
    }

    private static Line finish(ByteArrayOutputStream line, boolean tooLong) {
        if (tooLong) {
            return new Line(new byte[0], true);
        }
        byte[] bytes = line.toByteArray();
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        return new Line(bytes, false);
    }
}
