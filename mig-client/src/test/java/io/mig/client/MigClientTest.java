package io.mig.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.migd.MigdExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every unary operation of the client against a real migd (auth none, demo capability on). */
class MigClientTest {
    private static final String INFER = "observatory.models.infer";
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().env("MIGD_REQUIRE_TENANT_HEADER", "true").build();
    private static MigClient acme;

    @BeforeAll
    static void connect() {
        acme = MigClient.builder().baseUrl(server.baseUrl() + "/").tenant("acme").actor("client-test").build();
    }

    @Test
    void helloNegotiatesVersionBindingAndFeatures() {
        Hello hello = acme.hello();
        assertThat(hello.selectedVersion()).isEqualTo("0.1");
        assertThat(hello.selectedBinding()).isEqualTo("http");
        assertThat(hello.enabledFeatures()).contains("streaming", "idempotency", "cancel");
        assertThat(hello.serverId()).isNotBlank();
        assertThat(hello.header().tenantId()).isEqualTo("acme");

        assertThat(acme.hello(List.of("cancel", "teleportation")).enabledFeatures()).containsExactly("cancel");
    }

    @Test
    void discoverListsAndFiltersCapabilities() {
        Capability infer = acme.discover().stream().filter(c -> c.id().equals(INFER)).findFirst().orElseThrow();
        assertThat(infer.modes()).containsExactlyInAnyOrder("unary", "server_stream");
        assertThat(infer.streams()).isTrue();
        assertThat(infer.authScopes()).contains("capability:infer");
        assertThat(infer.inputSchemaUri()).isNotBlank();

        assertThat(acme.discover("models.inf")).extracting(Capability::id).containsExactly(INFER);
        assertThat(acme.discover("no.such.thing")).isEmpty();
    }

    record Answer(String result, String model) {
    }

    @Test
    void invokeReturnsThePayloadAndWhatTheGatewayAdds() {
        InvokeResult result = acme.invoke(INFER, Map.of("input", "hello"),
                CallOptions.defaults().deadline(Duration.ofSeconds(7)).traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                        .sessionId("s-1").messageId("msg-client-invoke").meta("acme.origin", "test"));
        assertThat(result.capability()).isEqualTo(INFER);
        assertThat(result.payload().path("result").asText()).isEqualTo("hello");
        assertThat(result.payloadAs(Answer.class)).isEqualTo(new Answer("hello", "demo-echo"));
        assertThat(result.resultSchemaUri()).isNotBlank();
        assertThat(result.header().messageId()).isEqualTo("msg-client-invoke");
        assertThat(result.header().deadlineMs()).isEqualTo(7000L);
        assertThat(result.header().sessionId()).isEqualTo("s-1");
        assertThat(result.header().traceparent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
        assertThat(result.header().idempotentReplay()).isFalse();

        // the actor and the trace went to the audit trail
        JsonNode records = server.get("/pro/v0.1/audit/export?tenant_id=acme").json().path("records");
        JsonNode audited = null;
        for (JsonNode r : records) {
            if (r.path("message_id").asText().equals("msg-client-invoke")) {
                audited = r;
            }
        }
        assertThat(audited).as("audit record of msg-client-invoke in %s", records).isNotNull();
        assertThat(audited.path("actor").asText()).isEqualTo("client-test");
        assertThat(audited.path("traceparent").asText()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstResult() {
        CallOptions once = CallOptions.defaults().idempotencyKey("client-idem-1");
        InvokeResult first = acme.invoke(INFER, Map.of("input", "same"), once);
        InvokeResult again = acme.invokeAsync(INFER, Map.of("input", "same"), once).join();
        assertThat(first.header().idempotentReplay()).isFalse();
        assertThat(again.header().idempotentReplay()).isTrue();
        assertThat(again.payload()).isEqualTo(first.payload());

        MigInvalidRequestException reused = catchThrowableOfType(
                () -> acme.invoke(INFER, Map.of("input", "different"), once), MigInvalidRequestException.class);
        assertThat(reused.httpStatus()).isEqualTo(422);
        assertThat(reused.details().path("reason").asText()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void anUnknownCapabilityIsItsOwnException() {
        MigUnsupportedCapabilityException e = catchThrowableOfType(
                () -> acme.invoke("acme.tools.nothing", Map.of()), MigUnsupportedCapabilityException.class);
        assertThat(e.code()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.retryable()).isFalse();
        assertThat(e.migMessage()).contains("acme.tools.nothing");
    }

    @Test
    void aSchemaViolationCarriesItsViolations() {
        MigInvalidRequestException e = catchThrowableOfType(
                () -> acme.invoke(INFER, Map.of("input", 42)), MigInvalidRequestException.class);
        assertThat(e.httpStatus()).isEqualTo(400);
        JsonNode violations = e.details().path("violations");
        assertThat(violations.isArray() && violations.size() > 0).as("violations in %s", e.details()).isTrue();
        assertThat(violations.get(0).path("path").asText()).contains("input");
    }

    @Test
    void aWindowedQuotaAnswers429WithRetryAfter() {
        assertThat(server.post("/pro/v0.1/quotas", "{\"tenant_id\":\"limited\",\"max_invocations\":1,\"window_seconds\":3600}")
                .status()).isEqualTo(200);
        MigClient limited = MigClient.builder().baseUrl(server.baseUrl()).tenant("limited").build();
        limited.invoke(INFER, Map.of("input", "one"));
        MigRateLimitedException e = catchThrowableOfType(() -> limited.invoke(INFER, Map.of("input", "two")),
                MigRateLimitedException.class);
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).hasValueSatisfying(wait ->
                assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
    }

    @Test
    void aMissingTenantIsTheGatewaysRefusal() {
        MigClient anonymous = MigClient.builder().baseUrl(server.baseUrl()).build();
        MigInvalidRequestException e = catchThrowableOfType(anonymous::heartbeat, MigInvalidRequestException.class);
        assertThat(e.migMessage()).containsIgnoringCase("tenant");
    }

    @Test
    void publishNumbersEventsPerTopic() {
        PublishResult first = acme.publish("acme.client.published", Map.of("n", 1));
        PublishResult second = acme.publish("acme.client.published", "key-2", Map.of("n", 2), CallOptions.defaults());
        assertThat(first.accepted()).isTrue();
        assertThat(first.topic()).isEqualTo("acme.client.published");
        assertThat(first.eventId()).isNotBlank();
        assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
        assertThatThrownBy(() -> acme.publish("notnamespaced", Map.of())).isInstanceOf(MigInvalidRequestException.class);
        assertThatThrownBy(() -> acme.publish("acme.client.published", List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
    }

    @Test
    void cancelBeforeTheInvocationRecordsItAndTheInvocationIsRefused() {
        CancelResult cancel = acme.cancel("msg-client-cancel", "changed my mind");
        assertThat(cancel.accepted()).isTrue();
        assertThat(cancel.status()).isEqualTo("recorded");
        assertThat(cancel.targetMessageId()).isEqualTo("msg-client-cancel");

        MigTimeoutException refused = catchThrowableOfType(() -> acme.invoke(INFER, Map.of("input", "late"),
                CallOptions.defaults().messageId("msg-client-cancel")), MigTimeoutException.class);
        assertThat(refused.cancelled()).isTrue();
        assertThat(refused.retryable()).isFalse();
    }

    @Test
    void heartbeatClampsTheIntervalAndReportsLoad() {
        HeartbeatResult beat = acme.heartbeat(Duration.ofMillis(10));
        assertThat(beat.suggestedInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(beat.loadFactor()).isBetween(0.0, 1.0);
        assertThat(acme.heartbeat().suggestedInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aGatewayThatIsNotThereIsATransportFailure() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        MigClient nowhere = MigClient.builder().baseUrl("http://127.0.0.1:" + closed).tenant("acme").build();
        MigTransportException e = catchThrowableOfType(nowhere::hello, MigTransportException.class);
        assertThat(e.httpStatus()).isZero();
        assertThat(e).hasMessageContaining("cannot talk to the gateway");
    }

    @Test
    void anAnswerThatIsNotMigIsATransportFailureWithItsStatus() throws Exception {
        // a proxy in front of the gateway that answers with its own HTML page
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] page = "<html><body>Bad Gateway</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(502, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        try {
            MigClient behindProxy = MigClient.builder().baseUrl("http://127.0.0.1:" + proxy.getAddress().getPort())
                    .tenant("acme").build();
            MigTransportException e = catchThrowableOfType(behindProxy::heartbeat, MigTransportException.class);
            assertThat(e.httpStatus()).isEqualTo(502);
            assertThat(e).hasMessageContaining("not a MIG answer").hasMessageContaining("Bad Gateway");
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void aTokenSupplierThatFailsFailsTheCallAndTheStreams() throws Exception {
        MigClient broken = MigClient.builder().baseUrl(server.baseUrl()).tenant("acme")
                .bearerToken(() -> {
                    throw new IllegalStateException("the token store is down");
                }).build();
        assertThatThrownBy(broken::heartbeat).hasMessage("the token store is down");
        Recorder<MigEvent> events = Recorder.unbounded();
        broken.subscribe("acme.client.never").subscribe(events);
        Recorder<StreamFrame> frames = Recorder.unbounded();
        broken.invokeStream(INFER, Map.of("input", "x")).subscribe(frames);
        assertThat(events.awaitTermination(Duration.ofSeconds(5)) && frames.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(events.error.get()).hasMessage("the token store is down");
        assertThat(frames.error.get()).hasMessage("the token store is down");
    }

    @Test
    void theBuilderSaysWhatIsMissing() {
        assertThatThrownBy(() -> MigClient.builder().build()).hasMessageContaining("baseUrl is required");
        assertThatThrownBy(() -> MigClient.builder().baseUrl("localhost:8080")).hasMessageContaining("http or https");
    }
}
