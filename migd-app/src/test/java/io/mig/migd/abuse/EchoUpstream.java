package io.mig.migd.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mig.core.json.MigJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider behind the suite's capabilities: the JDK's HTTP server on a loopback port, answering
 * every MIG provider call with its own payload ({@code {"payload": <payload>}}), so a caller decides
 * how large a result is. It counts calls per tenant (to prove an idempotent retry did not run
 * twice) and keeps nothing else. A payload with {@code hold_ms} is answered that much later, and
 * the most such calls held at once are counted.
 */
final class EchoUpstream implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "abuse-echo-upstream");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger holdingPeak = new AtomicInteger();

    static {
        // the JDK server writes head and body apart; with Nagle's algorithm and delayed ACKs each
        // answer would wait ~40 ms (read once per JVM, so only where no JDK server ran before)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    EchoUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/invoke";
    }

    /** The most calls held ({@code hold_ms}) at once since the last call, and a fresh count from now. */
    int takeHoldingPeak() {
        return holdingPeak.getAndSet(holding.get());
    }

    int calls(String tenant) {
        AtomicInteger n = calls.get(tenant);
        return n == null ? 0 : n.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode call = MigJson.mapper().readTree(exchange.getRequestBody());
            calls.computeIfAbsent(call.at("/header/tenant_id").asText("?"), t -> new AtomicInteger()).incrementAndGet();
            JsonNode payload = call.path("payload");
            long hold = payload.path("hold_ms").asLong(0);
            if (hold > 0) {
                holdingPeak.accumulateAndGet(holding.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(hold);
                } finally {
                    holding.decrementAndGet();
                }
            }
            ObjectNode answer = MigJson.object();
            answer.set("payload", payload.isObject() ? payload : MigJson.object());
            byte[] body = MigJson.encode(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
