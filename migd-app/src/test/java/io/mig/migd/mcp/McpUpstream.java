package io.mig.migd.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mig.core.json.MigJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but real MCP server over Streamable HTTP on a loopback port, for tests: either era
 * (legacy: {@code initialize}, {@code Mcp-Session-Id}, sessions that can be expired; modern
 * 2026-07-28: {@code server/discover}, per-request {@code _meta}, the standard headers checked), paged
 * {@code tools/list} (three tools a page), JSON or SSE answers. It records what it received (calls
 * per tool, handshakes, {@code notifications/cancelled}, streams the client closed).
 *
 * <p>Its tools: those of the MCP conformance suite's tool scenarios ({@code test_simple_text},
 * {@code test_image_content}, {@code test_audio_content}, {@code test_embedded_resource},
 * {@code test_multiple_content_types}, {@code test_tool_with_logging}, {@code test_error_handling},
 * {@code test_tool_with_progress}), so that those scenarios can run against it (directly, or
 * federated into migd at {@code /mcp/<name>}), and a few for migd's own tests: {@code echo}
 * (2020-12 input schema with {@code $defs}/{@code $ref}, structured output), {@code slow} (waits
 * until cancelled), {@code rpc_error} (answers the JSON-RPC error {@code code} it is given) and
 * {@code files/read} (a name that is not a MIG name token).
 */
public final class McpUpstream implements AutoCloseable {
    /** Which protocol era the server speaks. */
    public enum Era { LEGACY, MODERN }

    public static final String MODERN_VERSION = "2026-07-28";
    private static final Set<String> LEGACY_VERSIONS = Set.of("2025-03-26", "2025-06-18", "2025-11-25");
    /** A 1x1 red PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    /** A tiny WAV header. */
    static final String WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=";
    private static final int PAGE = 3;

    private final Era era;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, ObjectNode> tools = new ConcurrentHashMap<>();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> running = new ConcurrentHashMap<>();
    private final List<JsonNode> cancellations = new CopyOnWriteArrayList<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger closedStreams = new AtomicInteger();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<OutputStream> listeners = new CopyOnWriteArrayList<>();

    private McpUpstream(Era era, int port) throws IOException {
        this.era = era;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/mcp", this::handle);
        server.setExecutor(executor);
        defaultTools();
        server.start();
    }

    public static McpUpstream start(Era era) {
        return start(era, 0);
    }

    /** On a given loopback port (0: a free one). */
    public static McpUpstream start(Era era, int port) {
        try {
            return new McpUpstream(era, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the fixture by itself, e.g. to point the MCP conformance suite at it:
     * {@code java -cp … io.mig.migd.mcp.McpUpstream legacy 3001}; stops on Ctrl-C.
     */
    public static void main(String[] args) throws InterruptedException {
        Era era = args.length > 0 && args[0].equalsIgnoreCase("modern") ? Era.MODERN : Era.LEGACY;
        McpUpstream upstream = start(era, args.length > 1 ? Integer.parseInt(args[1]) : 0);
        System.out.println("MCP upstream fixture (" + era + ") at " + upstream.url());
        Thread.currentThread().join();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    public Era era() {
        return era;
    }

    /** How many sessions were opened ({@code initialize}) or, modern, how many {@code server/discover}s came. */
    public int handshakes() {
        return handshakes.get();
    }

    public int calls(String tool) {
        AtomicInteger n = calls.get(tool);
        return n == null ? 0 : n.get();
    }

    /** The params of every {@code notifications/cancelled} received. */
    public List<JsonNode> cancellations() {
        return List.copyOf(cancellations);
    }

    /** How many answer streams the client closed before the result was sent. */
    public int closedStreams() {
        return closedStreams.get();
    }

    /** Every JSON-RPC message received, in order. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** Forgets every session: the next request that carries one is answered 404. */
    public void expireSessions() {
        sessions.clear();
    }

    /** Adds (or replaces) a tool answering {@code result} to every call. */
    public void addTool(String name, ObjectNode inputSchema, ObjectNode result) {
        ObjectNode tool = MigJson.object().put("name", name).put("description", "test tool " + name);
        tool.set("inputSchema", inputSchema);
        tool.set("fixedResult", result);
        tools.put(name, tool);
    }

    public void removeTool(String name) {
        tools.remove(name);
    }

    /** How many event streams for change notifications are open (legacy GET streams, modern subscriptions). */
    public int listeners() {
        return listeners.size();
    }

    /** Sends {@code notifications/tools/list_changed} on every open change-notification stream. */
    public void notifyToolsChanged() {
        ObjectNode note = MigJson.object().put("jsonrpc", "2.0").put("method", "notifications/tools/list_changed");
        for (OutputStream out : listeners) {
            synchronized (out) {
                try {
                    event(out, note);
                } catch (IOException e) {
                    listeners.remove(out);
                }
            }
        }
    }

    /** A modern {@code subscriptions/listen} stream: acknowledged, then open until the client closes it. */
    private void subscribe(HttpExchange exchange, JsonNode message) throws IOException {
        if (era != Era.MODERN) {
            json(exchange, 200, error(message.get("id"), -32601, "Method not found: subscriptions/listen"));
            return;
        }
        OutputStream out = sse(exchange);
        ObjectNode ack = MigJson.object().put("jsonrpc", "2.0").put("method", "notifications/subscriptions/acknowledged");
        ObjectNode params = ack.putObject("params");
        params.putObject("_meta").set("io.modelcontextprotocol/subscriptionId", message.get("id"));
        params.putObject("notifications").put("toolsListChanged",
                message.path("params").path("notifications").path("toolsListChanged").asBoolean(false));
        event(out, ack);
        hold(out, () -> true);
    }

    /** Keeps an event stream open (writing keep-alive comments, which fail once the client is gone) while {@code open} holds. */
    private void hold(OutputStream out, java.util.function.BooleanSupplier open) {
        listeners.add(out);
        try {
            while (open.getAsBoolean()) {
                pause(100);
                synchronized (out) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            listeners.remove(out);
        }
    }

    /** The legacy standalone event stream: open until the client closes it. */
    private void listen(HttpExchange exchange) throws IOException {
        String sessionId = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
        if (era == Era.MODERN) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        if (sessionId == null || !sessions.contains(sessionId)) {
            exchange.sendResponseHeaders(sessionId == null ? 400 : 404, -1);
            return;
        }
        hold(sse(exchange), () -> sessions.contains(sessionId));
    }

    private void defaultTools() {
        ObjectNode empty = MigJson.object().put("type", "object");
        for (String name : List.of("test_simple_text", "test_image_content", "test_audio_content", "test_embedded_resource",
                "test_multiple_content_types", "test_tool_with_logging", "test_error_handling", "test_tool_with_progress",
                "slow", "files/read")) {
            ObjectNode tool = MigJson.object().put("name", name).put("description", "conformance tool " + name);
            tool.set("inputSchema", empty.deepCopy());
            tools.put(name, tool);
        }
        ObjectNode echo = MigJson.object().put("name", "echo").put("description", "Echoes its text");
        echo.set("inputSchema", json("{\"type\":\"object\",\"$defs\":{\"text\":{\"type\":\"string\",\"minLength\":1}},"
                + "\"properties\":{\"text\":{\"$ref\":\"#/$defs/text\"}},\"required\":[\"text\"],"
                + "\"unevaluatedProperties\":false}"));
        echo.set("outputSchema", json("{\"type\":\"object\",\"properties\":{\"echo\":{\"type\":\"string\"}},\"required\":[\"echo\"]}"));
        tools.put("echo", echo);
        ObjectNode rpcError = MigJson.object().put("name", "rpc_error").put("description", "Answers a JSON-RPC error");
        rpcError.set("inputSchema", json("{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"integer\"}}}"));
        tools.put("rpc_error", rpcError);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET")) {
                listen(exchange);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "GET, POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode message = MigJson.mapper().readTree(exchange.getRequestBody().readAllBytes());
            received.add(message);
            String method = message.path("method").asText();
            JsonNode id = message.get("id");
            String sessionId = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
            if (era == Era.MODERN && method.equals("initialize")) {
                // a modern-only server: the legacy handshake is an unsupported version, a recognised modern error
                json(exchange, 400, error(id, -32022, "Unsupported protocol version: this server speaks " + MODERN_VERSION));
                return;
            }
            if (era == Era.MODERN) {
                String problem = modernHeaderProblem(exchange, message);
                if (problem != null) {
                    json(exchange, 400, error(id, -32020, problem));
                    return;
                }
            } else if (!method.equals("initialize")) {
                if (sessionId == null) {
                    json(exchange, 400, error(id, -32000, "Bad Request: No valid session ID provided"));
                    return;
                }
                if (!sessions.contains(sessionId)) {
                    json(exchange, 404, error(id, -32001, "Session not found"));
                    return;
                }
            }
            if (id == null) {
                if (method.equals("notifications/cancelled")) {
                    cancellations.add(message.path("params"));
                    CountDownLatch latch = running.get(message.path("params").path("requestId").asText());
                    if (latch != null) {
                        latch.countDown();
                    }
                }
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            switch (method) {
                case "initialize" -> initialize(exchange, message);
                case "server/discover" -> discover(exchange, id);
                case "tools/list" -> json(exchange, 200, result(id, list(message.path("params").path("cursor").asText(null))));
                case "tools/call" -> call(exchange, message);
                case "subscriptions/listen" -> subscribe(exchange, message);
                case "ping", "logging/setLevel" -> json(exchange, 200, result(id, MigJson.object()));
                default -> json(exchange, era == Era.MODERN ? 404 : 200, error(id, -32601, "Method not found: " + method));
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private String modernHeaderProblem(HttpExchange exchange, JsonNode message) {
        String version = exchange.getRequestHeaders().getFirst("MCP-Protocol-Version");
        String metaVersion = message.path("params").path("_meta").path("io.modelcontextprotocol/protocolVersion").asText(null);
        if (message.has("id") && (!MODERN_VERSION.equals(version) || !MODERN_VERSION.equals(metaVersion))) {
            return "MCP-Protocol-Version header and _meta must both say " + MODERN_VERSION;
        }
        if (message.has("id") && !message.path("method").asText().equals(exchange.getRequestHeaders().getFirst("Mcp-Method"))) {
            return "Mcp-Method header does not match the body";
        }
        if (message.path("method").asText().equals("tools/call")
                && !message.path("params").path("name").asText().equals(decode(exchange.getRequestHeaders().getFirst("Mcp-Name")))) {
            return "Mcp-Name header does not match the body";
        }
        return null;
    }

    private static String decode(String header) {
        if (header != null && header.startsWith("=?base64?") && header.endsWith("?=")) {
            return new String(java.util.Base64.getDecoder().decode(header.substring(9, header.length() - 2)), StandardCharsets.UTF_8);
        }
        return header;
    }

    private void initialize(HttpExchange exchange, JsonNode message) throws IOException {
        handshakes.incrementAndGet();
        String asked = message.path("params").path("protocolVersion").asText();
        String sessionId = UUID.randomUUID().toString();
        sessions.add(sessionId);
        ObjectNode result = MigJson.object().put("protocolVersion", LEGACY_VERSIONS.contains(asked) ? asked : "2025-11-25");
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", true);
        capabilities.putObject("logging");
        result.putObject("serverInfo").put("name", "mcp-upstream-fixture").put("version", "1.0.0");
        exchange.getResponseHeaders().add("Mcp-Session-Id", sessionId);
        json(exchange, 200, result(message.get("id"), result));
    }

    private void discover(HttpExchange exchange, JsonNode id) throws IOException {
        handshakes.incrementAndGet();
        ObjectNode result = MigJson.object().put("resultType", "complete");
        result.putArray("supportedVersions").add(MODERN_VERSION);
        result.putObject("capabilities").putObject("tools");
        result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo").put("name", "mcp-upstream-fixture")
                .put("version", "1.0.0");
        json(exchange, 200, result(id, result));
    }

    private ObjectNode list(String cursor) {
        List<String> names = tools.keySet().stream().sorted().toList();
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        ObjectNode result = MigJson.object();
        ArrayNode page = result.putArray("tools");
        for (int i = from; i < Math.min(names.size(), from + PAGE); i++) {
            ObjectNode tool = tools.get(names.get(i)).deepCopy();
            tool.remove("fixedResult");
            page.add(tool);
        }
        if (from + PAGE < names.size()) {
            result.put("nextCursor", String.valueOf(from + PAGE));
        }
        if (era == Era.MODERN) {
            result.put("resultType", "complete").put("ttlMs", 0).put("cacheScope", "private");
        }
        return result;
    }

    private void call(HttpExchange exchange, JsonNode message) throws IOException {
        JsonNode id = message.get("id");
        JsonNode params = message.path("params");
        String name = params.path("name").asText();
        ObjectNode tool = tools.get(name);
        if (tool == null) {
            json(exchange, 200, error(id, -32602, "Unknown tool: " + name));
            return;
        }
        calls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        String progressToken = params.path("_meta").path("progressToken").asText(null);
        JsonNode arguments = params.path("arguments");
        if (tool.has("fixedResult")) {
            json(exchange, 200, result(id, tool.get("fixedResult").deepCopy()));
            return;
        }
        switch (name) {
            case "test_simple_text" -> json(exchange, 200, result(id, content(text("This is a simple text response for testing."))));
            case "test_image_content" -> json(exchange, 200, result(id, content(media("image", PNG, "image/png"))));
            case "test_audio_content" -> json(exchange, 200, result(id, content(media("audio", WAV, "audio/wav"))));
            case "test_embedded_resource" -> json(exchange, 200, result(id, content(resource("test://embedded-resource",
                    "text/plain", "This is an embedded resource content."))));
            case "test_multiple_content_types" -> json(exchange, 200, result(id, content(text("Multiple content types test:"),
                    media("image", PNG, "image/png"),
                    resource("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}"))));
            case "test_error_handling" -> json(exchange, 200, result(id,
                    content(text("This tool intentionally returns an error for testing")).put("isError", true)));
            case "test_tool_with_logging" -> logging(exchange, id);
            case "test_tool_with_progress" -> progress(exchange, id, progressToken);
            case "files/read" -> json(exchange, 200, result(id, content(text("read " + arguments.path("path").asText()))));
            case "echo" -> {
                ObjectNode result = content(text("echo: " + arguments.path("text").asText()));
                result.putObject("structuredContent").put("echo", arguments.path("text").asText());
                json(exchange, 200, result(id, result));
            }
            case "rpc_error" -> json(exchange, 200, error(id, arguments.path("code").asInt(-32603), "failed on purpose"));
            case "slow" -> slow(exchange, id);
            default -> json(exchange, 200, error(id, -32602, "Unknown tool: " + name));
        }
    }

    private void logging(HttpExchange exchange, JsonNode id) throws IOException {
        OutputStream out = sse(exchange);
        for (String text : List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
            ObjectNode note = MigJson.object().put("jsonrpc", "2.0").put("method", "notifications/message");
            note.putObject("params").put("level", "info").put("data", text);
            event(out, note);
        }
        event(out, result(id, content(text("Tool with logging executed successfully"))));
    }

    private void progress(HttpExchange exchange, JsonNode id, String token) throws IOException {
        OutputStream out = sse(exchange);
        if (token != null) {
            for (int step : new int[] {0, 50, 100}) {
                ObjectNode note = MigJson.object().put("jsonrpc", "2.0").put("method", "notifications/progress");
                note.putObject("params").put("progressToken", token).put("progress", step).put("total", 100)
                        .put("message", "step " + step);
                event(out, note);
                pause(20);
            }
        }
        event(out, result(id, content(text("Progress tool completed"))));
    }

    /** Holds the call (sending SSE comments, which fail once the client closes) until cancelled, or 20 s. */
    private void slow(HttpExchange exchange, JsonNode id) throws IOException {
        CountDownLatch cancelled = new CountDownLatch(1);
        running.put(id.asText(), cancelled);
        OutputStream out = sse(exchange);
        try {
            for (int i = 0; i < 400; i++) {
                if (cancelled.await(50, TimeUnit.MILLISECONDS)) {
                    return;
                }
                out.write(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            event(out, result(id, content(text("slow finished"))));
        } catch (IOException e) {
            closedStreams.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.remove(id.asText());
        }
    }

    private static OutputStream sse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void event(OutputStream out, JsonNode message) throws IOException {
        out.write(("event: message\ndata: " + MigJson.encodeToString(message) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = MigJson.encode(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private ObjectNode result(JsonNode id, ObjectNode result) {
        if (era == Era.MODERN && !result.has("resultType")) {
            result.put("resultType", "complete");
        }
        ObjectNode message = MigJson.object().put("jsonrpc", "2.0");
        message.set("id", id);
        message.set("result", result);
        return message;
    }

    private static ObjectNode error(JsonNode id, int code, String text) {
        ObjectNode message = MigJson.object().put("jsonrpc", "2.0");
        message.set("id", id);
        message.putObject("error").put("code", code).put("message", text);
        return message;
    }

    private static ObjectNode content(ObjectNode... blocks) {
        ObjectNode result = MigJson.object();
        ArrayNode content = result.putArray("content");
        for (ObjectNode block : blocks) {
            content.add(block);
        }
        return result;
    }

    static ObjectNode text(String text) {
        return MigJson.object().put("type", "text").put("text", text);
    }

    static ObjectNode media(String type, String data, String mimeType) {
        return MigJson.object().put("type", type).put("data", data).put("mimeType", mimeType);
    }

    static ObjectNode resource(String uri, String mimeType, String text) {
        ObjectNode block = MigJson.object().put("type", "resource");
        block.putObject("resource").put("uri", uri).put("mimeType", mimeType).put("text", text);
        return block;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) MigJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
