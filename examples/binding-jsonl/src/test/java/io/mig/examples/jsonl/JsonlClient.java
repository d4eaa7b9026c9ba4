package io.mig.examples.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A test client of the JSON-lines binding over a real TCP socket: writes request lines, reads answer lines. */
final class JsonlClient implements AutoCloseable {
    private static final long WAIT_SECONDS = 15;

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final List<JsonNode> parked = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    JsonlClient(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(this::read, "jsonl-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(MigJson.mapper().readTree(line));
            }
        } catch (IOException e) {
            // the socket closed: the test sees no more lines
        }
    }

    /** Sends {@code {"id", "op", "tenant", "body"}} and returns the id. */
    String send(String op, String tenant, ObjectNode body) {
        String id = "c" + ids.incrementAndGet();
        ObjectNode line = MigJson.object().put("id", id).put("op", op);
        if (tenant != null) {
            line.put("tenant", tenant);
        }
        line.set("body", body);
        return sendLine(line, id);
    }

    String sendLine(ObjectNode line, String id) {
        raw(MigJson.encodeToString(line));
        return id;
    }

    void raw(String text) {
        try {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends and waits for the first line answering it. */
    JsonNode call(String op, String tenant, ObjectNode body) {
        return next(send(op, tenant, body));
    }

    /** The next line carrying {@code id} (null id: the next line whose id is null); lines of other ids wait their turn. */
    JsonNode next(String id) {
        return next(id, TimeUnit.SECONDS.toNanos(WAIT_SECONDS), false);
    }

    /**
     * The next line carrying {@code id} (or, with {@code orNull}, an answer to a line whose id could
     * not be read) within {@code nanos}; null when none came.
     */
    JsonNode poll(String id, long nanos, boolean orNull) {
        try {
            return next(id, nanos, orNull);
        } catch (AssertionError none) {
            return null;
        }
    }

    private synchronized JsonNode next(String id, long nanos, boolean orNull) {
        for (int i = 0; i < parked.size(); i++) {
            if (matches(parked.get(i), id) || orNull && matches(parked.get(i), null)) {
                return parked.remove(i);
            }
        }
        long deadline = System.nanoTime() + nanos;
        while (true) {
            JsonNode line;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no line for id " + id + " in time; parked " + parked);
            }
            try {
                line = lines.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (line == null) {
                throw new AssertionError("no line for id " + id + " in time; parked " + parked);
            }
            if (matches(line, id) || orNull && matches(line, null)) {
                return line;
            }
            parked.add(line);
        }
    }

    private static boolean matches(JsonNode line, String id) {
        return id == null ? line.path("id").isNull() : id.equals(line.path("id").asText(null));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
