package io.mig.migd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Raw MCP messages for tests that drive the wire directly (the 2026-07-28 era, sessions, cancellation). */
final class McpWire {
    static final String MODERN = "2026-07-28";

    private McpWire() {
    }

    /** A 2026-07-28 request: {@code params} (JSON members, may be empty) plus the per-request {@code _meta}. */
    static String modern(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + json(id) + ",\"method\":\"" + method + "\",\"params\":{"
                + (params.isEmpty() ? "" : params + ",")
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + MODERN + "\","
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"migd-test\",\"version\":\"1\"},"
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    }

    static String legacy(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + json(id) + ",\"method\":\"" + method + "\",\"params\":{" + params + "}}";
    }

    /** The headers a 2026-07-28 client sends, as name/value pairs, plus {@code extra}. */
    static String[] modernHeaders(String method, String name, String... extra) {
        List<String> headers = new ArrayList<>(List.of("Accept", "application/json, text/event-stream",
                "MCP-Protocol-Version", MODERN, "Mcp-Method", method, "X-Tenant-ID", "acme"));
        if (name != null) {
            headers.add("Mcp-Name");
            headers.add(name);
        }
        headers.addAll(List.of(extra));
        return headers.toArray(String[]::new);
    }

    static String base64Header(String value) {
        return "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** Starts a legacy session (initialize + initialized) and returns its id. */
    static String initialize(TestGateway migd, String path, String... headers) {
        MigdServer.Reply reply = migd.post(path, legacy(0, "initialize", "\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"migd-test\",\"version\":\"1\"}"), headers);
        if (reply.status() != 200 || reply.header("Mcp-Session-Id") == null) {
            throw new AssertionError("initialize failed: " + reply.status() + " " + reply.body());
        }
        String session = reply.header("Mcp-Session-Id");
        List<String> all = new ArrayList<>(List.of(headers));
        all.addAll(List.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"));
        migd.post(path, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", all.toArray(String[]::new));
        return session;
    }

    /** The JSON of every {@code data:} line of an SSE body. */
    static List<String> events(String body) {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return data;
    }

    /** A POST over a plain socket the test closes when it likes (a client going away mid-call). */
    static Socket openPost(int port, String path, String body, String... headers) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    /** Reads from a socket until {@code text} has arrived (or fails after the socket's timeout). */
    static String readUntil(Socket socket, String text) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] chunk = new byte[4096];
        while (!seen.toString().contains(text)) {
            int n = in.read(chunk);
            if (n < 0) {
                throw new AssertionError("the stream ended before '" + text + "': " + seen);
            }
            seen.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    private static String json(Object id) {
        return id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
    }
}
