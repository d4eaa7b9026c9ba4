package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal server-sent-events client over a real HTTP connection: events (with their id, type
 * and data) and comment lines, read on a background thread. {@link #close()} drops the connection.
 */
final class SseClient implements AutoCloseable {
    private final HttpURLConnection connection;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> comments = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private volatile boolean ended;

    record Event(String id, String type, String data) {
        JsonNode json() {
            try {
                return MigJson.mapper().readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final java.util.concurrent.CountDownLatch reading;

    private SseClient(HttpURLConnection connection, boolean paused) {
        this.connection = connection;
        this.reading = new java.util.concurrent.CountDownLatch(paused ? 1 : 0);
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens a GET stream; fails when the answer is not 200 text/event-stream. */
    static SseClient get(URI uri, Map<String, String> headers) throws IOException {
        return open(uri, "GET", null, headers, false);
    }

    /** Opens a GET stream but reads nothing until {@link #resume()}: a slow subscriber. */
    static SseClient getPaused(URI uri, Map<String, String> headers) throws IOException {
        return open(uri, "GET", null, headers, true);
    }

    void resume() {
        reading.countDown();
    }

    static SseClient post(URI uri, String body, Map<String, String> headers) throws IOException {
        return open(uri, "POST", body, headers, false);
    }

    /** An HTTPS stream trusting what {@code tls} trusts. */
    static SseClient get(URI uri, Map<String, String> headers, javax.net.ssl.SSLContext tls) throws IOException {
        return open(uri, "GET", null, headers, false, tls);
    }

    private static SseClient open(URI uri, String method, String body, Map<String, String> headers, boolean paused)
            throws IOException {
        return open(uri, method, body, headers, paused, null);
    }

    private static SseClient open(URI uri, String method, String body, Map<String, String> headers, boolean paused,
                                  javax.net.ssl.SSLContext tls) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        if (tls != null) {
            ((javax.net.ssl.HttpsURLConnection) connection).setSSLSocketFactory(tls.getSocketFactory());
        }
        connection.setRequestMethod(method);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("Accept", "text/event-stream");
        // no keep-alive: otherwise close() drains the endless stream to reuse the connection
        connection.setRequestProperty("Connection", "close");
        headers.forEach(connection::setRequestProperty);
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        if (status != 200 || !String.valueOf(connection.getContentType()).startsWith("text/event-stream")) {
            String error = connection.getErrorStream() == null ? "" : new String(connection.getErrorStream().readAllBytes());
            connection.disconnect();
            throw new IOException("not an event stream: " + status + " " + connection.getContentType() + " " + error);
        }
        return new SseClient(connection, paused);
    }

    private void read() {
        try {
            reading.await();
        } catch (InterruptedException e) {
            return;
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, type == null ? "message" : type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (IOException ignored) {
            // the connection was closed by one side or the other
        } finally {
            ended = true;
        }
    }

    /** The next event, waiting up to 10 s. */
    Event next() throws InterruptedException {
        Event event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event within 10 s");
        }
        return event;
    }

    /** The next event if one arrives within {@code millis}, else null. */
    Event poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    List<String> comments() {
        return List.copyOf(comments);
    }

    /** Whether the server ended the stream, waiting up to {@code millis}. */
    boolean awaitEnd(long millis) throws InterruptedException {
        reader.join(millis);
        return ended;
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
