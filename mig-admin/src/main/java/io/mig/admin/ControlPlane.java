package io.mig.admin;

import io.mig.admin.audit.AuditSinks;
import io.mig.admin.audit.ControlAudit;
import io.mig.admin.audit.Operator;
import io.mig.admin.cloud.CloudDirectory;
import io.mig.admin.conformance.ConformanceCheck;
import io.mig.admin.conformance.ConformanceMonitor;
import io.mig.admin.conformance.Profile;
import io.mig.admin.conformance.SelfCheckSuite;
import io.mig.admin.federation.McpFederation;
import io.mig.admin.governance.AuditExport;
import io.mig.admin.governance.PolicyService;
import io.mig.admin.governance.QuotaService;
import io.mig.admin.governance.UsageLedger;
import io.mig.admin.registry.CapabilityRegistry;
import io.mig.admin.schema.SchemaRegistry;
import io.mig.core.demo.DemoCapability;
import io.mig.core.gateway.MigGateway;
import io.mig.core.port.out.AuditHistory;
import io.mig.core.port.out.AuditSink;
import io.mig.core.port.out.McpServerStore;
import io.mig.core.port.out.QuotaStore;
import io.mig.core.port.out.SchemaStore;
import io.mig.core.port.out.UsageStore;
import io.mig.core.spi.McpToolCatalog;
import io.mig.core.spi.ServiceKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * The control plane of a gateway: registry, schemas, quotas, policies, audit, cloud directory,
 * usage and conformance. It plugs its ports into the gateway builder (schema validator, quota gate,
 * usage listener, audit sink, HELLO profiles) and then builds the gateway, so both always agree:
 *
 * <pre>{@code
 * ControlPlane controlPlane = ControlPlane.builder().build(MigGateway.builder().demoCapability());
 * MigGateway gateway = controlPlane.gateway();
 * }</pre>
 *
 * Every store has an in-memory default; to make several instances act as one gateway, give each the
 * same shared stores — the control plane's here ({@link Builder#schemaStore}, {@link Builder#quotaStore},
 * {@link Builder#usageStore}, {@link Builder#mcpServerStore}), the gateway's on its builder
 * (capabilities, events, idempotency, cancellations).
 */
public final class ControlPlane {
    /** Under this key the application hands bindings the control plane (the HTTP admin routes, MCP's schemas). */
    public static final ServiceKey<ControlPlane> SERVICE = ServiceKey.of("control-plane", ControlPlane.class);

    private final MigGateway gateway;
    private final ControlAudit audit;
    private final AuditHistory auditHistory;
    private final SchemaRegistry schemas;
    private final QuotaService quotas;
    private final UsageLedger usage;
    private final CapabilityRegistry capabilities;
    private final PolicyService policies;
    private final AuditExport auditExport;
    private final CloudDirectory cloud;
    private final ConformanceMonitor conformance;
    private final McpFederation mcpServers;

    private ControlPlane(Builder b, MigGateway.Builder gatewayBuilder) {
        this.auditHistory = AuditHistory.inMemory(b.auditHistoryCapacity);
        AuditSink sink = b.auditSink == null ? auditHistory : AuditSinks.of(b.auditSink, auditHistory);
        this.audit = new ControlAudit(sink, b.clock);
        this.schemas = new SchemaRegistry(b.clock, b.schemaStore != null ? b.schemaStore : SchemaStore.inMemory());
        this.quotas = new QuotaService(b.clock, audit, b.quotaStore != null ? b.quotaStore : QuotaStore.inMemory());
        this.usage = new UsageLedger(tenant -> !MigGateway.INTERNAL_TENANT.equals(tenant),
                b.usageStore != null ? b.usageStore : UsageStore.inMemory());
        this.conformance = new ConformanceMonitor(b.clock, b.conformanceTtl);
        this.gateway = gatewayBuilder.clock(b.clock)
                .auditSink(sink)
                .schemaValidator(schemas)
                .quotaGate(quotas)
                .listener(usage)
                .profiles(conformance::profiles)
                .build();
        this.capabilities = new CapabilityRegistry(gateway, audit);
        this.policies = new PolicyService(gateway.capabilities(), quotas);
        this.auditExport = new AuditExport(auditHistory);
        this.cloud = new CloudDirectory(audit, b.clock);
        McpToolCatalog catalog = b.mcpToolCatalog != null ? b.mcpToolCatalog
                : ServiceLoader.load(McpToolCatalog.class, ControlPlane.class.getClassLoader()).findFirst().orElse(null);
        this.mcpServers = new McpFederation(gateway, schemas,
                b.mcpServerStore != null ? b.mcpServerStore : McpServerStore.inMemory(), catalog, audit, b.clock);
        List<ConformanceCheck> extra = new ArrayList<>(b.checks);
        if (extra.stream().noneMatch(c -> c.name().equals("metrics"))) {
            extra.add(new ConformanceCheck("metrics", Profile.FULL, () -> {
                throw new AssertionError("metrics are disabled (MIGD_ENABLE_METRICS=false) or no exporter is configured");
            }));
        }
        this.conformance.checks(SelfCheckSuite.checks(gateway, auditHistory, extra));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers the demo capability's input and output schemas (SPEC §4.6), as the gateway's own operator. */
    public void registerDemoSchemas() {
        schemas.register(DemoCapability.INPUT_SCHEMA_URI, DemoCapability.inputSchema());
        schemas.register(DemoCapability.OUTPUT_SCHEMA_URI, DemoCapability.outputSchema());
    }

    public MigGateway gateway() {
        return gateway;
    }

    public CapabilityRegistry capabilities() {
        return capabilities;
    }

    public SchemaRegistry schemas() {
        return schemas;
    }

    public QuotaService quotas() {
        return quotas;
    }

    public PolicyService policies() {
        return policies;
    }

    public AuditExport auditExport() {
        return auditExport;
    }

    /** The bounded history of audit records (the newest ones) that the export reads. */
    public AuditHistory auditHistory() {
        return auditHistory;
    }

    /** Audits a control-plane mutation made outside the services (e.g. schema registration). */
    public ControlAudit audit() {
        return audit;
    }

    public UsageLedger usage() {
        return usage;
    }

    public CloudDirectory cloud() {
        return cloud;
    }

    public ConformanceMonitor conformance() {
        return conformance;
    }

    /** Federation of upstream MCP servers ({@code /admin/v0.1/mcp/servers}). */
    public McpFederation mcpServers() {
        return mcpServers;
    }

    /** Registers a schema and audits it: {@code admin.schemas.upsert}. Returns true when the URI was new. */
    public boolean registerSchema(String uri, com.fasterxml.jackson.databind.JsonNode schema, Operator operator) {
        return audit.record("admin.schemas.upsert", operator, null, () -> schemas.register(uri, schema));
    }

    /** Removes a schema and audits it: {@code admin.schemas.delete}; false when none had this URI. */
    public void deleteSchema(String uri, Operator operator) {
        audit.record("admin.schemas.delete", operator, null, () -> {
            if (!schemas.remove(uri)) {
                throw io.mig.core.error.MigException.notFound("no schema is registered under '" + uri + "'")
                        .withDetail("uri", uri);
            }
            return null;
        });
    }

    /** Settings of the control plane; all optional. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private AuditSink auditSink;
        private int auditHistoryCapacity = 10_000;
        private Duration conformanceTtl = Duration.ofSeconds(30);
        private final List<ConformanceCheck> checks = new ArrayList<>();
        private McpServerStore mcpServerStore;
        private SchemaStore schemaStore;
        private QuotaStore quotaStore;
        private UsageStore usageStore;
        private McpToolCatalog mcpToolCatalog;

        private Builder() {
        }

        /**
         * Where registered schemas are kept (default: in memory). The registry watches it, so a
         * schema changed by another instance sharing the store takes effect here too.
         */
        public Builder schemaStore(SchemaStore value) {
            this.schemaStore = Objects.requireNonNull(value);
            return this;
        }

        /** Where quota limits and their counts are kept (default: in memory); counting is exact across its users. */
        public Builder quotaStore(QuotaStore value) {
            this.quotaStore = Objects.requireNonNull(value);
            return this;
        }

        /** Where usage counts are kept (default: in memory). */
        public Builder usageStore(UsageStore value) {
            this.usageStore = Objects.requireNonNull(value);
            return this;
        }

        /** Where federated MCP servers are kept (default: in memory). */
        public Builder mcpServerStore(McpServerStore value) {
            this.mcpServerStore = Objects.requireNonNull(value);
            return this;
        }

        /** How federation reads an MCP server's tools (default: the one {@link ServiceLoader} finds, if any). */
        public Builder mcpToolCatalog(McpToolCatalog value) {
            this.mcpToolCatalog = Objects.requireNonNull(value);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** Where audit records go besides the in-memory history (e.g. the JSONL file); written first. */
        public Builder auditSink(AuditSink value) {
            this.auditSink = value;
            return this;
        }

        public Builder auditHistoryCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("audit history capacity must be positive");
            }
            this.auditHistoryCapacity = value;
            return this;
        }

        /** How long a conformance report is reused (HELLO asks on every call). */
        public Builder conformanceTtl(Duration value) {
            this.conformanceTtl = Objects.requireNonNull(value);
            return this;
        }

        /** A further live check (e.g. the metrics exporter's, named {@code metrics}). */
        public Builder check(ConformanceCheck value) {
            checks.add(Objects.requireNonNull(value));
            return this;
        }

        /** Completes the gateway builder with the control plane's ports and builds both. */
        public ControlPlane build(MigGateway.Builder gatewayBuilder) {
            return new ControlPlane(this, Objects.requireNonNull(gatewayBuilder));
        }
    }
}
