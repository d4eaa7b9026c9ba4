package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.admin.ControlPlane;
import io.mig.binding.grpc.GrpcBindingProvider;
import io.mig.binding.http.HttpBinding;
import io.mig.binding.mcp.server.McpServer;
import io.mig.binding.nats.NatsBindingProvider;
import io.mig.core.gateway.MigGateway;
import io.mig.state.jetstream.JetStreamEventLog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module rules of docs/ARCHITECTURE.md, checked on the compiled classes: bindings, the control
 * plane, the state adapters and the application use mig-core's public API only — never
 * {@code io.mig.core.internal} (helpers that may change at any time) nor {@code io.mig.core.memory}
 * (the in-memory adapters, reached through the ports' {@code inMemory()} factories and the gateway's
 * defaults) — and mig-core refers to none of them.
 */
class ArchitectureTest {
    private static final List<String> CORE_PRIVATE = List.of("io/mig/core/internal/", "io/mig/core/memory/");

    @ParameterizedTest(name = "{0} uses mig-core's public API only")
    @ValueSource(classes = {HttpBinding.class, GrpcBindingProvider.class, NatsBindingProvider.class, McpServer.class,
            ControlPlane.class, JetStreamEventLog.class, Migd.class})
    void aModuleOutsideTheCoreUsesOnlyItsPublicApi(Class<?> moduleMarker) {
        Map<String, Set<String>> violations = ClassReferences.forbidden(moduleMarker, CORE_PRIVATE);
        assertThat(violations).as("classes of %s's module that refer to io.mig.core.internal or io.mig.core.memory",
                moduleMarker.getSimpleName()).isEmpty();
    }

    @Test
    void theCoreDependsOnNoBindingNorOnTheModulesBuiltOnIt() {
        Map<String, Set<String>> violations = ClassReferences.forbidden(MigGateway.class,
                List.of("io/mig/binding/", "io/mig/admin/", "io/mig/migd/", "io/mig/state/", "io/mig/client/"));
        assertThat(violations).as("classes of mig-core that refer to a module built on it").isEmpty();
    }

    @Test
    void theScanFindsAReferenceWhereOneExists() {
        // the check must be able to fail: MigGateway refers to the in-memory defaults through DefaultStores,
        // and DefaultStores names them
        Map<String, Set<String>> core = ClassReferences.forbidden(MigGateway.class, List.of("io/mig/core/memory/"));
        assertThat(core).containsKey("io.mig.core.gateway.DefaultStores");
        assertThat(core.get("io.mig.core.gateway.DefaultStores")).contains("io.mig.core.memory.InMemoryEventLog");
    }
}
