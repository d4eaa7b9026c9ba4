package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.capability;
import static io.mig.core.gateway.Fixtures.failure;
import static io.mig.core.gateway.Fixtures.invoke;
import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.tenant;
import static io.mig.core.gateway.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.QosProfile;
import io.mig.core.model.Violation;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.port.in.Principal;
import io.mig.core.port.out.InvocationOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checks of SPEC §4.1, in their order, each stopping the invocation before the provider. */
class InvocationPipelineTest {
    private final List<InvocationOutcome> outcomes = new ArrayList<>();
    private final Fixtures.Echo echo = new Fixtures.Echo();
    private final AtomicInteger quotaCalls = new AtomicInteger();
    private MigGateway gateway;

    private MigGateway gateway(MigGateway.Builder builder) {
        gateway = builder.listener(outcomes::add).build();
        return gateway;
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void answersWithTheProviderPayloadAndResolvedHeader() {
        MigGateway g = gateway(MigGateway.builder().capability(capability("acme.echo"), echo));
        InvokeResponse response = value(g.invoke(tenant("acme"), invoke("acme.echo", payload("text", "hi"))));
        assertThat(response.payload().get("text").asText()).isEqualTo("hi");
        assertThat(response.capability()).isEqualTo("acme.echo");
        assertThat(response.resultSchemaUri()).isEqualTo("schema://test/acme.echo/out");
        assertThat(response.header().tenantId()).isEqualTo("acme");
        assertThat(response.header().messageId()).startsWith("msg-");
        assertThat(response.header().deadlineMs()).isEqualTo(30_000L);
        assertThat(response.header().traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.success()).isTrue();
            assertThat(o.tenant()).isEqualTo("acme");
            assertThat(o.binding()).isEqualTo(Binding.HTTP);
        });
    }

    @Test
    void invalidNamesAreRefusedBeforeAuthentication() {
        MigGateway g = gateway(MigGateway.builder()
                .authenticator(credentials -> { throw MigException.unauthorized("no token"); })
                .capability(capability("acme.echo"), echo));
        MigException error = failure(g.invoke(tenant("acme"), invoke("acme.*", payload("a", "b"))));
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
        MigException unauthorized = failure(g.invoke(tenant("acme"), invoke("acme.echo", payload("a", "b"))));
        assertThat(unauthorized.code()).isEqualTo(ErrorCode.MIG_UNAUTHORIZED);
        assertThat(echo.calls).hasValue(0);
    }

    @Test
    void unknownCapabilityIsUnsupported() {
        MigGateway g = gateway(MigGateway.builder());
        MigException error = failure(g.invoke(tenant("acme"), invoke("acme.nothing", payload("a", "b"))));
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_UNSUPPORTED_CAPABILITY);
        assertThat(error.reason()).isEqualTo(ErrorReason.NONE);
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.known()).isFalse());
    }

    @Test
    void scopesAreCheckedAfterTheCapabilityExists() {
        CapabilityDescriptor guarded = new CapabilityDescriptor("acme.guarded", "1.0.0", List.of(InvocationMode.UNARY),
                "in", "out", List.of("capability:guarded"), List.of(), null, null);
        MigGateway g = gateway(MigGateway.builder()
                .authenticator(credentials -> new Principal("alice", "acme", Set.of("other"), true, true))
                .capability(guarded, echo));
        assertThat(failure(g.invoke(tenant(null), invoke("acme.missing", payload("a", "b")))).code())
                .isEqualTo(ErrorCode.MIG_UNSUPPORTED_CAPABILITY);
        assertThat(failure(g.invoke(tenant(null), invoke("acme.guarded", payload("a", "b")))).code())
                .isEqualTo(ErrorCode.MIG_FORBIDDEN);
        assertThat(echo.calls).hasValue(0);
    }

    @Test
    void aCancelledMessageIdIsRefusedAsCancelled() {
        MigGateway g = gateway(MigGateway.builder().capability(capability("acme.echo"), echo));
        var ack = g.cancel(tenant("acme"), new io.mig.core.model.CancelRequest(null, "msg-early", "operator"));
        assertThat(ack.status()).isEqualTo("recorded");
        MigException error = failure(g.invoke(tenant("acme"),
                invoke("acme.echo", payload("a", "b"), MessageHeader.empty().withMessageId("msg-early"))));
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_TIMEOUT);
        assertThat(error.retryable()).isFalse();
        assertThat(error.details().get("cancelled").asBoolean()).isTrue();
        assertThat(error.details().get("reason").asText()).isEqualTo("operator");
        // another tenant may use the same message id
        assertThat(value(g.invoke(tenant("other"),
                invoke("acme.echo", payload("a", "b"), MessageHeader.empty().withMessageId("msg-early")))).payload())
                .isNotNull();
        assertThat(echo.calls).hasValue(1);
    }

    @Test
    void payloadOverTheCapabilityLimitIs413() {
        CapabilityDescriptor small = new CapabilityDescriptor("acme.small", "1.0.0", List.of(InvocationMode.UNARY), "in", "out",
                List.of(), List.of(), new QosProfile(20L, null, null, null), null);
        MigGateway g = gateway(MigGateway.builder().capability(small, echo));
        MigException error = failure(g.invoke(tenant("acme"), invoke("acme.small", payload("text", "x".repeat(50)))));
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
        assertThat(error.reason()).isEqualTo(ErrorReason.TOO_LARGE);
        assertThat(error.details().get("max_payload_bytes").asLong()).isEqualTo(20);
        assertThat(echo.calls).hasValue(0);
    }

    @Test
    void inputViolationsAreReportedAndStopDispatch() {
        MigGateway g = gateway(MigGateway.builder()
                .schemaValidator((uri, payload) -> uri.endsWith("/in") && !payload.has("text")
                        ? List.of(new Violation("/text", "required")) : List.of())
                .capability(capability("acme.echo"), echo));
        MigException error = failure(g.invoke(tenant("acme"), invoke("acme.echo", payload("other", "x"))));
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
        assertThat(error.details().get("violations").get(0).get("path").asText()).isEqualTo("/text");
        assertThat(echo.calls).hasValue(0);
        assertThat(g.features()).contains("schema_validation");
    }

    @Test
    void outputViolationsAreABadGateway() {
        MigGateway g = gateway(MigGateway.builder()
                .schemaValidator((uri, payload) -> uri.endsWith("/out") && !payload.has("result")
                        ? List.of(new Violation("/result", "required")) : List.of())
                .capability(capability("acme.echo"), echo));
        MigException error = failure(g.invoke(tenant("acme"), invoke("acme.echo", payload("text", "x"))));
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_INTERNAL);
        assertThat(error.reason()).isEqualTo(ErrorReason.PROVIDER_FAILED);
        assertThat(echo.calls).hasValue(1);
    }

    @Test
    void quotaComesAfterIdempotencySoReplaysAreFree() {
        MigGateway g = gateway(MigGateway.builder()
                .quotaGate(tenant -> {
                    if (quotaCalls.incrementAndGet() > 1) {
                        throw new MigException(ErrorCode.MIG_RATE_LIMITED, "quota exhausted");
                    }
                })
                .capability(capability("acme.echo"), echo));
        MessageHeader keyed = MessageHeader.empty().withIdempotencyKey("k1");
        value(g.invoke(tenant("acme"), invoke("acme.echo", payload("a", "b"), keyed)));
        InvokeResponse replay = value(g.invoke(tenant("acme"), invoke("acme.echo", payload("a", "b"), keyed)));
        assertThat(replay.header().meta().get("idg.idempotent_replay").asBoolean()).isTrue();
        MigException limited = failure(g.invoke(tenant("acme"), invoke("acme.echo", payload("a", "c"))));
        assertThat(limited.code()).isEqualTo(ErrorCode.MIG_RATE_LIMITED);
        assertThat(quotaCalls).hasValue(2);
        assertThat(echo.calls).hasValue(1);
    }

    @Test
    void everyOutcomeIsReportedExactlyOnce() {
        MigGateway g = gateway(MigGateway.builder().capability(capability("acme.echo"), echo));
        value(g.invoke(tenant("acme"), invoke("acme.echo", payload("a", "b"))));
        failure(g.invoke(tenant("acme"), invoke("acme.unknown", payload("a", "b"))));
        failure(g.invoke(tenant("acme"), invoke("bad name", payload("a", "b"))));
        failure(g.invoke(CallContext.of(Binding.HTTP, Credentials.NONE), invoke("acme.echo", payload("a", "b"))));
        assertThat(outcomes).extracting(InvocationOutcome::code).containsExactly(null,
                ErrorCode.MIG_UNSUPPORTED_CAPABILITY, ErrorCode.MIG_INVALID_REQUEST, ErrorCode.MIG_INVALID_REQUEST);
    }

    @Test
    void providerFailuresAreMigErrors() {
        MigGateway g = gateway(MigGateway.builder()
                .capability(capability("acme.fails"), context -> CompletableFuture.failedFuture(
                        MigException.unavailable("backend down")))
                .capability(capability("acme.throws"), context -> { throw new IllegalStateException("bug"); }));
        assertThat(failure(g.invoke(tenant("acme"), invoke("acme.fails", payload("a", "b")))).code())
                .isEqualTo(ErrorCode.MIG_UNAVAILABLE);
        MigException internal = failure(g.invoke(tenant("acme"), invoke("acme.throws", payload("a", "b"))));
        assertThat(internal.code()).isEqualTo(ErrorCode.MIG_INTERNAL);
        assertThat(internal.getMessage()).doesNotContain("bug");
    }

    @Test
    void deadlinesAreCappedAndNegativeOnesRefused() {
        MigGateway g = gateway(MigGateway.builder()
                .limits(GatewayLimits.DEFAULTS.withMaxDeadlineMs(5_000))
                .capability(capability("acme.echo"), echo));
        InvokeResponse capped = value(g.invoke(tenant("acme"),
                invoke("acme.echo", payload("a", "b"), MessageHeader.empty().withDeadlineMs(60_000L))));
        assertThat(capped.header().deadlineMs()).isEqualTo(5_000L);
        MigException negative = failure(g.invoke(tenant("acme"),
                invoke("acme.echo", payload("a", "b"), MessageHeader.empty().withDeadlineMs(-1L))));
        assertThat(negative.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
    }

    @Test
    void aNullPayloadIsAnEmptyObject() {
        MigGateway g = gateway(MigGateway.builder().capability(capability("acme.echo"), echo));
        ObjectNode payload = value(g.invoke(tenant("acme"), invoke("acme.echo", null))).payload();
        assertThat(payload).isEqualTo(MigJson.object());
    }
}
