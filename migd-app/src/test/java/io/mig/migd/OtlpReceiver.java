package io.mig.migd;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP trace receiver for tests: {@code POST /v1/traces} with an
 * {@code ExportTraceServiceRequest} in protobuf, on a free loopback port. The protobuf is read by
 * field number (opentelemetry-proto's numbering) with protobuf-java's schema-less parser, so the
 * test needs no generated OTLP classes.
 */
final class OtlpReceiver implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();

    /** SpanKind and StatusCode as OTLP numbers them. */
    static final int KIND_SERVER = 2;
    static final int KIND_CLIENT = 3;
    static final int STATUS_ERROR = 2;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newSingleThreadExecutor();
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    /** One exported span; ids in lower-case hex, parent empty for a root span; string attributes only. */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
                        Map<String, String> attributes, int statusCode, String statusMessage,
                        Map<String, String> resource) {
        String attribute(String key) {
            return attributes.get(key);
        }
    }

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(threads);
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (!"POST".equals(exchange.getRequestMethod()) || type == null || !type.startsWith("application/x-protobuf")) {
                    problems.add(exchange.getRequestMethod() + " with Content-Type " + type);
                    exchange.sendResponseHeaders(415, -1);
                    return;
                }
                InputStream body = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(body);
                }
                try {
                    decode(body.readAllBytes());
                } catch (InvalidProtocolBufferException e) {
                    problems.add("not protobuf: " + e.getMessage());
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                // an empty ExportTraceServiceResponse: full success
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Requests that were not OTLP/HTTP protobuf: a test asserts there were none. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Waits (bounded) until a span matches, then returns it. */
    ReceivedSpan await(String what, Predicate<ReceivedSpan> match) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (ReceivedSpan span : spans) {
                if (match.test(span)) {
                    return span;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no span " + what + " arrived within 20 s; received " + spans.stream()
                .map(s -> s.name() + " " + s.attributes()).toList() + "; problems " + problems);
    }

    private void decode(byte[] body) throws InvalidProtocolBufferException {
        // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
        for (ByteString resourceSpans : lengthDelimited(UnknownFieldSet.parseFrom(body), 1)) {
            UnknownFieldSet rs = UnknownFieldSet.parseFrom(resourceSpans);
            // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
            Map<String, String> resource = new LinkedHashMap<>();
            for (ByteString r : lengthDelimited(rs, 1)) {
                resource.putAll(attributes(UnknownFieldSet.parseFrom(r), 1));
            }
            for (ByteString scopeSpans : lengthDelimited(rs, 2)) {
                // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
                for (ByteString span : lengthDelimited(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
                    spans.add(span(UnknownFieldSet.parseFrom(span), Map.copyOf(resource)));
                }
            }
        }
    }

    /** Span { trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, attributes 9, status 15 }. */
    private static ReceivedSpan span(UnknownFieldSet span, Map<String, String> resource) throws InvalidProtocolBufferException {
        int statusCode = 0;
        String statusMessage = "";
        for (ByteString s : lengthDelimited(span, 15)) {
            // Status { string message = 2; StatusCode code = 3; }
            UnknownFieldSet status = UnknownFieldSet.parseFrom(s);
            statusMessage = string(status, 2);
            statusCode = (int) varint(status, 3);
        }
        return new ReceivedSpan(hex(span, 1), hex(span, 2), hex(span, 4), string(span, 5), (int) varint(span, 6),
                attributes(span, 9), statusCode, statusMessage, resource);
    }

    /** repeated KeyValue { string key = 1; AnyValue value = 2 { string string_value = 1; ... } }. */
    private static Map<String, String> attributes(UnknownFieldSet message, int field) throws InvalidProtocolBufferException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (ByteString kv : lengthDelimited(message, field)) {
            UnknownFieldSet pair = UnknownFieldSet.parseFrom(kv);
            for (ByteString value : lengthDelimited(pair, 2)) {
                UnknownFieldSet any = UnknownFieldSet.parseFrom(value);
                if (any.hasField(1)) {
                    attributes.put(string(pair, 1), string(any, 1));
                }
            }
        }
        return attributes;
    }

    private static List<ByteString> lengthDelimited(UnknownFieldSet message, int field) {
        return message.hasField(field) ? message.getField(field).getLengthDelimitedList() : List.of();
    }

    private static String string(UnknownFieldSet message, int field) {
        List<ByteString> values = lengthDelimited(message, field);
        return values.isEmpty() ? "" : values.get(values.size() - 1).toStringUtf8();
    }

    private static String hex(UnknownFieldSet message, int field) {
        List<ByteString> values = lengthDelimited(message, field);
        return values.isEmpty() ? "" : HEX.formatHex(values.get(values.size() - 1).toByteArray());
    }

    private static long varint(UnknownFieldSet message, int field) {
        List<Long> values = message.hasField(field) ? message.getField(field).getVarintList() : List.of();
        return values.isEmpty() ? 0 : values.get(values.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
