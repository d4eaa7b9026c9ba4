package io.mig.migd.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mig.core.json.MigJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP provider for tests: the JDK's HTTP server on a free loopback port, answering with
 * the handler it was given and recording every request it received.
 */
public final class Upstream implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    /** Answers one request; the request's body has been read already. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange, Received request) throws IOException;
    }

    /** What the provider received: headers (lower-case names) and body. */
    public record Received(Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return MigJson.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private Upstream(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                        headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
                Received request = new Received(headers,
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                received.add(request);
                handler.handle(exchange, request);
            }
        });
        server.start();
    }

    public static Upstream start(Handler handler) {
        try {
            return new Upstream(handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Always answers {@code status} with this body and content type. */
    public static Handler answer(int status, String contentType, String body) {
        return (exchange, request) -> send(exchange, status, contentType, body);
    }

    public static Handler json(int status, String body) {
        return answer(status, "application/json", body);
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/invoke";
    }

    /** The next request received, waiting up to five seconds. */
    public Received take() {
        try {
            Received request = received.poll(5, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("the provider received no request");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public int requestCount() {
        return received.size();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
