package io.mig.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kit's slow capability as a real HTTP provider (docs/CONFORMANCE.md): {@code {"delay_ms": N}}
 * answers {@code {"run": k}} after N ms, k counting the provider's runs; with {@code "frames": K} it
 * streams K server-sent items N ms apart. A gateway that drops the exchange ends the stream.
 */
final class SlowProvider implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kit-slow-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong runs = new AtomicLong();

    SlowProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode payload = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("payload");
            long delay = Math.min(payload.path("delay_ms").asLong(), 30_000);
            int frames = payload.path("frames").asInt();
            long run = runs.incrementAndGet();
            if (frames <= 0) {
                pause(delay);
                byte[] body = ("{\"payload\":{\"run\":" + run + "}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 1; i <= frames; i++) {
                out.write(("data: {\"frame\":" + i + ",\"run\":" + run + "}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                pause(delay);
            }
        } catch (IOException gone) {
            // the gateway hung up (a cancelled or expired call): nothing more to send
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
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
