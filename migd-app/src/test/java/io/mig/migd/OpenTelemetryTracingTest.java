package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.MessageHeader;
import io.mig.core.json.MigJson;
import io.mig.migd.OtlpReceiver.ReceivedSpan;
import io.mig.migd.provider.Upstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces end to end: a real migd process (HTTP, gRPC and NATS bindings, a real nats-server) exports
 * its spans over OTLP/HTTP to a real receiver the test runs, as the standard OTEL_* variables tell
 * it, and the trace continues across a real HTTP provider hop.
 */
class OpenTelemetryTracingTest {
    private static final String CAPABILITY = "tests.traced";
    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Pattern GRPC = Pattern.compile("grpc grpc://[^:]+:(\\d+)");

    @TempDir
    static Path dir;
    private static OtlpReceiver receiver;
    private static NatsServer nats;
    private static Upstream upstream;
    private static MigdProcess migd;
    private static String base;
    private static int grpcPort;

    @BeforeAll
    static void start() throws Exception {
        receiver = new OtlpReceiver();
        nats = NatsServer.start();
        upstream = Upstream.start(Upstream.json(200, "{\"payload\":{\"ok\":true}}"));
        Path config = dir.resolve("migd.json");
        Files.writeString(config, "{\"capabilities\":[{\"descriptor\":{\"id\":\"" + CAPABILITY + "\",\"version\":\"1.0.0\","
                + "\"modes\":[\"unary\"],\"input_schema_uri\":\"schema://tests/in\",\"output_schema_uri\":\"schema://tests/out\"},"
                + "\"provider\":{\"type\":\"http\",\"url\":\"" + upstream.url() + "\"}}]}");
        migd = MigdProcess.start(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_GRPC_ADDR", "127.0.0.1:0",
                "MIGD_NATS_URL", nats.url(), "MIGD_CONFIG_FILE", config.toString(),
                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_BSP_SCHEDULE_DELAY", "100"));
        base = "http://127.0.0.1:" + migd.awaitPort();
        Matcher grpc = GRPC.matcher(String.join("\n", migd.stderr()));
        assertThat(grpc.find()).as("the gRPC address in " + migd.stderr()).isTrue();
        grpcPort = Integer.parseInt(grpc.group(1));
    }

    @AfterAll
    static void stop() {
        if (migd != null) {
            migd.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (nats != null) {
            nats.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void anHttpInvokeContinuesTheCallersTraceThroughTheProviderSpanToTheUpstream() throws Exception {
        String clientSpan = "00f067aa0ba902b7";
        String traceparent = "00-" + CLIENT_TRACE + "-" + clientSpan + "-01";
        HttpResponse<String> response = post("/mig/v0.1/invoke/" + CAPABILITY,
                "{\"header\":{\"message_id\":\"m-traced\",\"traceparent\":\"" + traceparent + "\"},\"payload\":{}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode header = MigJson.mapper().readTree(response.body()).path("header");
        assertThat(header.path("traceparent").asText()).as("the caller's traceparent is echoed").isEqualTo(traceparent);

        ReceivedSpan server = receiver.await("mig.invoke of m-traced", s -> "m-traced".equals(s.attribute("mig.message_id")));
        assertThat(server.name()).isEqualTo("mig.invoke " + CAPABILITY);
        assertThat(server.kind()).isEqualTo(OtlpReceiver.KIND_SERVER);
        assertThat(server.traceId()).as("the caller's trace").isEqualTo(CLIENT_TRACE);
        assertThat(server.parentSpanId()).as("parented on the caller's span").isEqualTo(clientSpan);
        assertThat(server.attributes()).containsEntry("mig.tenant_id", "acme")
                .containsEntry("mig.capability", CAPABILITY)
                .containsEntry("mig.binding", "http")
                .containsEntry("mig.outcome", "success")
                .containsEntry("rpc.system", "mig")
                .containsEntry("rpc.method", "INVOKE")
                .doesNotContainKey("mig.error.code");
        assertThat(server.statusCode()).as("no error status").isNotEqualTo(OtlpReceiver.STATUS_ERROR);
        assertThat(server.resource()).containsEntry("service.name", "migd");

        ReceivedSpan provider = receiver.await("the provider span", s -> s.name().equals("mig.provider " + CAPABILITY)
                && s.traceId().equals(CLIENT_TRACE) && s.parentSpanId().equals(server.spanId()));
        assertThat(provider.kind()).isEqualTo(OtlpReceiver.KIND_CLIENT);
        assertThat(provider.attributes()).containsEntry("mig.provider.type", "http").containsEntry("mig.outcome", "success");

        String sent = upstream.take().header("traceparent");
        assertThat(sent).as("the upstream continues from the provider span")
                .isEqualTo("00-" + CLIENT_TRACE + "-" + provider.spanId() + "-01");
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void anUnknownCapabilityGivesASpanWithTheMigCodeAndAnErrorStatus() throws Exception {
        HttpResponse<String> response = post("/mig/v0.1/invoke/tests.absent",
                "{\"header\":{\"message_id\":\"m-absent\"},\"payload\":{}}");
        assertThat(response.statusCode()).isEqualTo(404);

        ReceivedSpan span = receiver.await("mig.invoke of m-absent", s -> "m-absent".equals(s.attribute("mig.message_id")));
        assertThat(span.name()).as("unknown names stay out of span names").isEqualTo("mig.invoke");
        assertThat(span.parentSpanId()).as("no caller trace: a root span").isEmpty();
        assertThat(span.attributes()).containsEntry("mig.outcome", "failure")
                .containsEntry("mig.error.code", "MIG_UNSUPPORTED_CAPABILITY")
                .containsEntry("mig.capability", "tests.absent")
                .containsEntry("mig.tenant_id", "acme");
        assertThat(span.statusCode()).isEqualTo(OtlpReceiver.STATUS_ERROR);
        assertThat(span.statusMessage()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
    }

    @Test
    void aGrpcInvokeIsTracedTheSameWay() throws Exception {
        String clientSpan = "a1b2c3d4e5f60718";
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            Metadata metadata = new Metadata();
            metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), "acme");
            InvocationGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .invoke(InvokeRequest.newBuilder().setCapability(CAPABILITY)
                            .setHeader(MessageHeader.newBuilder().setMessageId("m-grpc")
                                    .setTraceparent("00-" + CLIENT_TRACE + "-" + clientSpan + "-01"))
                            .setPayload(Struct.newBuilder().putFields("q", Value.newBuilder().setStringValue("x").build()))
                            .build());
        } finally {
            channel.shutdownNow();
        }
        ReceivedSpan server = receiver.await("mig.invoke of m-grpc", s -> "m-grpc".equals(s.attribute("mig.message_id")));
        assertThat(server.attributes()).containsEntry("mig.binding", "grpc").containsEntry("mig.outcome", "success");
        assertThat(server.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(server.parentSpanId()).isEqualTo(clientSpan);
        receiver.await("the gRPC call's provider span", s -> s.name().equals("mig.provider " + CAPABILITY)
                && s.parentSpanId().equals(server.spanId()));
    }

    @Test
    void aNatsInvokeIsParentedOnTheTraceparentNatsHeader() throws Exception {
        String clientSpan = "0123456789abcdef";
        try (NatsClient client = NatsClient.connect(nats.url())) {
            io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers();
            headers.put("traceparent", "00-" + CLIENT_TRACE + "-" + clientSpan + "-01");
            io.nats.client.Message reply = client.connection().requestWithTimeout("mig.v0_1.acme.invoke." + CAPABILITY,
                    headers, "{\"header\":{\"message_id\":\"m-nats\"},\"payload\":{}}".getBytes(StandardCharsets.UTF_8),
                    java.time.Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).contains("\"ok\":true");
        }
        ReceivedSpan server = receiver.await("mig.invoke of m-nats", s -> "m-nats".equals(s.attribute("mig.message_id")));
        assertThat(server.attributes()).containsEntry("mig.binding", "nats").containsEntry("mig.outcome", "success");
        assertThat(server.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(server.parentSpanId()).isEqualTo(clientSpan);
        receiver.await("the NATS call's provider span", s -> s.name().equals("mig.provider " + CAPABILITY)
                && s.parentSpanId().equals(server.spanId()));
    }

    @Test
    void aHelloWithoutTraceparentStartsATraceWhoseContextTheResponseCarries() throws Exception {
        HttpResponse<String> hello = post("/mig/v0.1/hello", "{\"header\":{\"message_id\":\"m-hello\"}}");
        assertThat(hello.statusCode()).as(hello.body()).isEqualTo(200);
        String generated = MigJson.mapper().readTree(hello.body()).path("header").path("traceparent").asText();
        ReceivedSpan span = receiver.await("mig.hello", s -> "m-hello".equals(s.attribute("mig.message_id")));
        assertThat(span.name()).isEqualTo("mig.hello");
        assertThat(span.parentSpanId()).as("a root span").isEmpty();
        assertThat(span.attributes()).containsEntry("rpc.method", "HELLO").containsEntry("mig.outcome", "success");
        // the flags are the SDK's: sampled, and (W3C level 2) a random trace id
        assertThat(generated).as("the generated traceparent names the server span")
                .startsWith("00-" + span.traceId() + "-" + span.spanId() + "-");
    }

    @Test
    void theW3cHttpHeaderParentsTheSpanWhenTheBodyHasNoTraceparent() throws Exception {
        String clientSpan = "1f2e3d4c5b6a7988";
        HttpResponse<String> discover = post("/mig/v0.1/discover", "{\"header\":{\"message_id\":\"m-discover\"}}",
                "traceparent", "00-" + CLIENT_TRACE + "-" + clientSpan + "-01");
        assertThat(discover.statusCode()).as(discover.body()).isEqualTo(200);
        ReceivedSpan span = receiver.await("mig.discover", s -> "m-discover".equals(s.attribute("mig.message_id")));
        assertThat(span.name()).isEqualTo("mig.discover");
        assertThat(span.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(span.parentSpanId()).isEqualTo(clientSpan);
    }

    @Test
    void anSseSubscribeIsParentedOnTheTraceparentHttpHeader() throws Exception {
        String clientSpan = "aa00bb11cc22dd33";
        try (SseClient subscriber = SseClient.get(URI.create(base + "/mig/v0.1/subscribe/tests.traced.events"),
                Map.of("X-Tenant-ID", "acme", "traceparent", "00-" + CLIENT_TRACE + "-" + clientSpan + "-01"))) {
            ReceivedSpan span = receiver.await("mig.subscribe", s -> s.name().equals("mig.subscribe")
                    && s.parentSpanId().equals(clientSpan));
            assertThat(span.traceId()).isEqualTo(CLIENT_TRACE);
            assertThat(span.attributes()).containsEntry("mig.topic", "tests.traced.events")
                    .containsEntry("mig.outcome", "success").containsEntry("mig.tenant_id", "acme");
        }
    }

    @Test
    void theTraceparentSelfCheckHoldsWithTracingOn() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/admin/v0.1/health/conformance")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode checks = MigJson.mapper().readTree(health.body()).path("checks");
        JsonNode propagation = null;
        for (JsonNode check : checks) {
            if (check.path("name").asText().equals("traceparent_propagation")) {
                propagation = check;
            }
        }
        assertThat(propagation).as(health.body()).isNotNull();
        assertThat(propagation.path("ok").asBoolean()).as(propagation.toString()).isTrue();
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("X-Tenant-ID", "acme")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
