package io.mig.binding.mcp.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code data} of Server-Sent Events from a response body, one event at a time: the
 * {@code data:} lines of an event joined by newlines; comments and other fields are skipped.
 */
final class SseEvents {
    private final BufferedReader reader;
    private final int maxEventChars;

    SseEvents(InputStream in, int maxEventChars) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.maxEventChars = maxEventChars;
    }

    /** The next event's data, or null at the end of the stream. */
    String next() throws IOException {
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return data.toString();
                }
                continue;
            }
            if (!line.startsWith("data:") && !line.equals("data")) {
                continue; // comment (":"), event, id, retry
            }
            String value = line.length() <= 5 ? "" : line.substring(line.charAt(5) == ' ' ? 6 : 5);
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
            if (data.length() > maxEventChars) {
                throw new IOException("an SSE event of the MCP server is over " + maxEventChars + " characters");
            }
        }
        return data == null ? null : data.toString();
    }
}
