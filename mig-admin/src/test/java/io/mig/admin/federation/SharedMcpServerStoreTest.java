package io.mig.admin.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.admin.audit.ControlAudit;
import io.mig.admin.audit.Operator;
import io.mig.admin.schema.SchemaRegistry;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.memory.InMemoryAuditLog;
import io.mig.core.memory.InMemoryCapabilityStore;
import io.mig.core.memory.InMemoryMcpServerStore;
import io.mig.core.memory.InMemorySchemaStore;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.McpToolCatalog;
import io.mig.core.spi.ProviderFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two federations over one set of stores, as two instances (SPEC §10): a server deleted or moved
 * through one stops the other's listener to that server, which would otherwise outlive its entry.
 */
class SharedMcpServerStoreTest {
    private final Operator admin = new Operator("ops", "http", null);
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private final McpToolCatalog catalog = new McpToolCatalog() {
        @Override
        public List<ObjectNode> listTools(URI url, Map<String, String> headers, Duration timeout) {
            ObjectNode tool = MigJson.object().put("name", "echo").put("description", "echoes");
            tool.putObject("inputSchema").put("type", "object");
            return List.of(tool);
        }

        @Override
        public AutoCloseable watchTools(URI url, Map<String, String> headers, Runnable onToolsChanged) {
            listening.add(url.toString());
            return () -> listening.remove(url.toString());
        }
    };
    private final InMemoryCapabilityStore capabilities = new InMemoryCapabilityStore();
    private final InMemorySchemaStore schemaStore = new InMemorySchemaStore();
    private final InMemoryMcpServerStore servers = new InMemoryMcpServerStore();
    private final MigGateway gatewayA = gateway();
    private final MigGateway gatewayB = gateway();
    private final McpFederation a = federation(gatewayA);
    private final McpFederation b = federation(gatewayB);

    private MigGateway gateway() {
        return MigGateway.builder().capabilityStore(capabilities).providerFactory(new ProviderFactory() {
            @Override
            public String type() {
                return "mcp";
            }

            @Override
            public CapabilityProvider create(ObjectNode spec) {
                return context -> CompletableFuture.completedFuture(MigJson.object());
            }
        }).build();
    }

    private McpFederation federation(MigGateway gateway) {
        Clock clock = Clock.systemUTC();
        return new McpFederation(gateway, new SchemaRegistry(clock, schemaStore), servers, catalog,
                new ControlAudit(new InMemoryAuditLog(100), clock), clock);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        gatewayA.close();
        gatewayB.close();
    }

    private static ObjectNode server(String url) {
        return MigJson.object().put("name", "docs").put("url", url);
    }

    @Test
    void aServerDeletedThroughTheOtherInstanceIsNoLongerListenedTo() {
        a.importServer(server("http://docs.test/mcp"), admin);
        assertThat(a.listensTo("docs")).isTrue();
        assertThat(listening).containsExactly("http://docs.test/mcp");
        assertThat(gatewayB.capabilities().find("docs.echo")).as("the import is shared").isPresent();

        b.delete("docs", admin);

        assertThat(a.listensTo("docs")).isFalse();
        assertThat(listening).isEmpty();
        assertThat(gatewayA.capabilities().find("docs.echo")).isEmpty();
    }

    @Test
    void aServerMovedThroughTheOtherInstanceIsListenedToByThatOneOnly() {
        a.importServer(server("http://old.test/mcp"), admin);
        b.importServer(server("http://new.test/mcp"), admin);
        assertThat(a.listensTo("docs")).as("the old address is not listened to").isFalse();
        assertThat(b.listensTo("docs")).isTrue();
        assertThat(listening).containsExactly("http://new.test/mcp");
    }
}
