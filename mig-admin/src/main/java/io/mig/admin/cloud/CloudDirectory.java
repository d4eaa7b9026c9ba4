package io.mig.admin.cloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.mig.admin.audit.ControlAudit;
import io.mig.admin.audit.Operator;
import io.mig.core.error.MigException;
import io.mig.core.model.Binding;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.LinkedHashMap;

/**
 * The cloud directory (SPEC §5): orgs own tenants, tenants own gateways. Ids are generated
 * ({@code org-…}, {@code tenant-…}, {@code gw-…}); a tenant needs an existing org and a gateway an
 * existing tenant. Lists are in creation order. Every creation is audited.
 */
public final class CloudDirectory {
    static final int MAX_TEXT = 200;

    // guarded by this; insertion order is creation order
    private final Map<String, Org> orgs = new LinkedHashMap<>();
    private final Map<String, Tenant> tenants = new LinkedHashMap<>();
    private final Map<String, Gateway> gateways = new LinkedHashMap<>();
    private final ControlAudit audit;
    private final Clock clock;

    public CloudDirectory(ControlAudit audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    public Org createOrg(JsonNode body, Operator operator) {
        return audit.record("cloud.orgs.create", operator, null, () -> {
            Org org = new Org(id("org"), text(body, "name"), now());
            synchronized (this) {
                orgs.put(org.id(), org);
            }
            return org;
        });
    }

    public Tenant createTenant(JsonNode body, Operator operator) {
        return audit.record("cloud.tenants.create", operator, null, () -> {
            String orgId = text(body, "org_id");
            String name = text(body, "name");
            synchronized (this) { // the org cannot vanish between the check and the insert
                org(orgId).orElseThrow(() -> MigException.notFound("org '" + orgId + "' does not exist").withDetail("org_id", orgId));
                Tenant tenant = new Tenant(id("tenant"), orgId, name, now());
                tenants.put(tenant.id(), tenant);
                return tenant;
            }
        });
    }

    public Gateway createGateway(JsonNode body, Operator operator) {
        return audit.record("cloud.gateways.create", operator, null, () -> {
            String tenantId = text(body, "tenant_id");
            String region = text(body, "region");
            String bindingName = text(body, "binding");
            Binding binding;
            try {
                binding = Binding.parse(bindingName);
            } catch (MigException e) {
                binding = null;
            }
            if (binding == null || binding == Binding.MCP) { // SPEC §5: a gateway record names a MIG binding
                throw MigException.invalid("binding must be one of http, grpc, nats").withDetail("field", "binding");
            }
            synchronized (this) {
                tenant(tenantId).orElseThrow(() -> MigException.notFound("tenant '" + tenantId + "' does not exist")
                        .withDetail("tenant_id", tenantId));
                Gateway gateway = new Gateway(id("gw"), tenantId, region, binding.wire(), now());
                gateways.put(gateway.id(), gateway);
                return gateway;
            }
        });
    }

    public synchronized Optional<Org> org(String id) {
        return Optional.ofNullable(id == null ? null : orgs.get(id));
    }

    public synchronized Optional<Tenant> tenant(String id) {
        return Optional.ofNullable(id == null ? null : tenants.get(id));
    }

    public synchronized Optional<Gateway> gateway(String id) {
        return Optional.ofNullable(id == null ? null : gateways.get(id));
    }

    public synchronized List<Org> orgs() {
        return List.copyOf(orgs.values());
    }

    public synchronized List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }

    public synchronized List<Gateway> gateways() {
        return List.copyOf(gateways.values());
    }

    private String now() {
        return clock.instant().toString();
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String text(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            throw MigException.invalid("body must be a JSON object");
        }
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw MigException.invalid(field + " is required").withDetail("field", field);
        }
        if (!node.isTextual()) {
            throw MigException.invalid(field + " must be a string").withDetail("field", field);
        }
        String value = node.asText().trim();
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            throw MigException.invalid(field + " must be at most " + MAX_TEXT + " characters without control characters")
                    .withDetail("field", field);
        }
        return value;
    }

    public record Org(@JsonProperty("id") String id, @JsonProperty("name") String name,
                      @JsonProperty("created_at") String createdAt) {
    }

    public record Tenant(@JsonProperty("id") String id, @JsonProperty("org_id") String orgId,
                         @JsonProperty("name") String name, @JsonProperty("created_at") String createdAt) {
    }

    public record Gateway(@JsonProperty("id") String id, @JsonProperty("tenant_id") String tenantId,
                          @JsonProperty("region") String region, @JsonProperty("binding") String binding,
                          @JsonProperty("created_at") String createdAt) {
    }
}
