package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.model.Binding;
import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.HeartbeatAck;
import io.mig.core.model.HeartbeatRequest;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.HelloResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SPEC §2 (HELLO), §3.2 (tenant resolution), §4.10 (HEARTBEAT) and DISCOVER. */
class HelloTest {
    private final MigGateway gateway = MigGateway.builder().demoCapability().profiles(() -> List.of("core")).build();

    @AfterEach
    void close() {
        gateway.close();
    }

    private HelloResponse hello(List<String> versions, List<String> bindings, List<String> features) {
        return gateway.hello(tenant("acme"), new HelloRequest(null, versions, bindings, features));
    }

    @Test
    void negotiatesVersionBindingAndFeatures() {
        gateway.bindingStarted(Binding.HTTP);
        gateway.bindingStarted(Binding.NATS);
        HelloResponse response = hello(List.of("0.2", "0.1"), List.of("GRPC", "nats", "http"), List.of("streaming", "teleport"));
        assertThat(response.selectedVersion()).isEqualTo("0.1");
        assertThat(response.selectedBinding()).isEqualTo(Binding.NATS);
        assertThat(response.enabledFeatures()).containsExactly("streaming");
        assertThat(response.profiles()).containsExactly("core");
        assertThat(response.serverId()).isEqualTo(gateway.serverId());
    }

    @Test
    void defaultsToVersion01AndTheArrivalBinding() {
        HelloResponse response = hello(List.of(), List.of("grpc"), null);
        assertThat(response.selectedVersion()).isEqualTo("0.1");
        assertThat(response.selectedBinding()).isEqualTo(Binding.HTTP);
        assertThat(response.enabledFeatures()).containsExactlyElementsOf(gateway.features());
    }

    @Test
    void aBindingOfYourOwnIsSelectedByTheNameItDeclared() {
        Binding tcp = Binding.of("tcp");
        CallContext overTcp = CallContext.of(tcp, Credentials.tenant("acme"));
        HelloRequest askingForTcp = new HelloRequest(null, null, List.of("TCP", "http"), null);
        // not started: the name is not selected, and HELLO answers with the binding it arrived on
        assertThat(gateway.hello(overTcp, askingForTcp).selectedBinding()).isEqualTo(tcp);
        assertThat(gateway.hello(tenant("acme"), askingForTcp).selectedBinding()).isEqualTo(Binding.HTTP);
        gateway.bindingStarted(Binding.of("tcp"));
        gateway.bindingStarted(Binding.HTTP);
        HelloResponse response = gateway.hello(tenant("acme"), askingForTcp);
        assertThat(response.selectedBinding()).isEqualTo(tcp);
        assertThat(response.selectedBinding().wire()).isEqualTo("tcp");
        assertThat(gateway.enabledBindings()).containsExactlyInAnyOrder(tcp, Binding.HTTP);
        gateway.bindingStopped(tcp);
        assertThat(gateway.hello(tenant("acme"), askingForTcp).selectedBinding()).isEqualTo(Binding.HTTP);
    }

    @Test
    void noCommonVersionIsAMismatch() {
        assertThatThrownBy(() -> hello(List.of("1.0"), null, null))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_VERSION_MISMATCH));
        assertThatThrownBy(() -> gateway.hello(tenant("acme"),
                new HelloRequest(MessageHeader.empty().withMigVersion("0.3"), null, null, null)))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_VERSION_MISMATCH));
    }

    @Test
    void bodyTenantWinsAndMustAgreeWithTheHeader() {
        CallContext none = CallContext.of(Binding.HTTP, Credentials.NONE);
        assertThat(gateway.hello(none, new HelloRequest(MessageHeader.forTenant("body"), null, null, null))
                .header().tenantId()).isEqualTo("body");
        assertThat(gateway.hello(tenant("hdr"), new HelloRequest(null, null, null, null)).header().tenantId()).isEqualTo("hdr");
        assertThatThrownBy(() -> gateway.hello(tenant("hdr"), new HelloRequest(MessageHeader.forTenant("body"), null, null, null)))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_FORBIDDEN));
        assertThatThrownBy(() -> gateway.hello(none, new HelloRequest(null, null, null, null)))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.getMessage()).contains("tenant_id is required"));
        assertThatThrownBy(() -> gateway.hello(tenant("bad tenant"), new HelloRequest(null, null, null, null)))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
    }

    @Test
    void theInternalTenantIsReservedForTheGatewayItself() {
        assertThatThrownBy(() -> gateway.hello(tenant(MigGateway.INTERNAL_TENANT), new HelloRequest(null, null, null, null)))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_FORBIDDEN));
        assertThat(gateway.hello(gateway.internalCall(Binding.HTTP), new HelloRequest(null, null, null, null))
                .header().tenantId()).isEqualTo(MigGateway.INTERNAL_TENANT);
    }

    @Test
    void requiredTenantHeaderIsEnforced() {
        try (MigGateway strict = MigGateway.builder().limits(GatewayLimits.DEFAULTS.withRequireTenantHeader(true)).build()) {
            assertThatThrownBy(() -> strict.hello(CallContext.of(Binding.HTTP, Credentials.NONE),
                    new HelloRequest(MessageHeader.forTenant("acme"), null, null, null)))
                    .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.getMessage()).contains("X-Tenant-ID"));
        }
    }

    @Test
    void overlongIdentifiersAreRefused() {
        assertThatThrownBy(() -> gateway.hello(tenant("acme"),
                new HelloRequest(MessageHeader.empty().withMessageId("m".repeat(257)), null, null, null)))
                .isInstanceOf(MigException.class);
    }

    @Test
    void invalidTraceparentIsReplacedValidOneKept() {
        String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(gateway.hello(tenant("acme"), new HelloRequest(MessageHeader.empty().withTraceparent(valid), null, null, null))
                .header().traceparent()).isEqualTo(valid);
        String replaced = gateway.hello(tenant("acme"),
                new HelloRequest(MessageHeader.empty().withTraceparent("garbage"), null, null, null)).header().traceparent();
        assertThat(replaced).isNotEqualTo("garbage").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Test
    void discoverFiltersBySubstring() {
        assertThat(gateway.discover(tenant("acme"), new DiscoverRequest(null, "models", null, null)).capabilities()).hasSize(1);
        assertThat(gateway.discover(tenant("acme"), new DiscoverRequest(null, "Models", null, null)).capabilities()).isEmpty();
    }

    @Test
    void heartbeatClampsTheIntervalAndReportsRealLoad() {
        HeartbeatAck ack = gateway.heartbeat(tenant("acme"), new HeartbeatRequest(null, 10L));
        assertThat(ack.suggestedIntervalMs()).isEqualTo(1000);
        assertThat(gateway.heartbeat(tenant("acme"), new HeartbeatRequest(null, 999_999L)).suggestedIntervalMs()).isEqualTo(60_000);
        assertThat(gateway.heartbeat(tenant("acme"), new HeartbeatRequest(null, null)).suggestedIntervalMs()).isEqualTo(5_000);
        assertThat(ack.loadFactor()).isZero();
    }
}
