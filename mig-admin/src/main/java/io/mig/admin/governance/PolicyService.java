package io.mig.admin.governance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.error.MigException;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.Names;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers "may this tenant do this now?" from the live state (SPEC §5): the registry for
 * invoke/discover, the tenant's quota for invoke, and the capability's scope rule when the question
 * names scopes. It decides exactly as the gateway would, without doing anything.
 */
public final class PolicyService {
    private final CapabilityStore capabilities;
    private final QuotaService quotas;

    public PolicyService(CapabilityStore capabilities, QuotaService quotas) {
        this.capabilities = capabilities;
        this.quotas = quotas;
    }

    public Decision validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw MigException.invalid("body must be a JSON object {tenant_id, capability, action, scopes?}");
        }
        String tenant = text(body, "tenant_id");
        Names.requireTenant(tenant);
        String action = text(body, "action");
        if (action == null || action.isBlank()) {
            throw MigException.invalid("action is required (invoke, discover, publish or subscribe)").withDetail("field", "action");
        }
        List<String> scopes = scopes(body.get("scopes"));
        String capability = text(body, "capability");
        String normalized = action.trim().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "invoke", "discover" -> capabilityAction(tenant, normalized, capability, scopes);
            case "publish", "subscribe" -> eventAction(tenant, normalized, body.hasNonNull("topic") ? text(body, "topic") : capability);
            default -> new Decision(false, "unsupported action", tenant, capability, action);
        };
    }

    private Decision capabilityAction(String tenant, String action, String capability, List<String> scopes) {
        if (capability == null || capability.isBlank()) {
            throw MigException.invalid("capability is required for action '" + action + "'").withDetail("field", "capability");
        }
        Optional<CapabilityDescriptor> found = capabilities.find(capability).map(CapabilityRegistration::descriptor);
        if (found.isEmpty()) {
            return new Decision(false, "capability '" + capability + "' is not registered", tenant, capability, action);
        }
        CapabilityDescriptor descriptor = found.get();
        if (scopes != null && !descriptor.allows(scopes)) {
            return new Decision(false, "scopes " + scopes + " include none of the required " + descriptor.authScopes(),
                    tenant, capability, action);
        }
        if (action.equals("invoke")) {
            Optional<Quota> quota = quotas.find(tenant);
            if (quota.isPresent() && quota.get().remaining() <= 0) {
                return new Decision(false, "quota exhausted: " + quota.get().used() + " of " + quota.get().maxInvocations()
                        + " invocations used" + (quota.get().resetsAt() == null ? "" : " until " + quota.get().resetsAt()),
                        tenant, capability, action);
            }
            String left = quota.map(q -> q.remaining() + " invocations left in the quota").orElse("no quota applies");
            return new Decision(true, "capability is registered" + (scopes == null ? "" : ", scopes match") + "; " + left,
                    tenant, capability, action);
        }
        return new Decision(true, "capability is registered" + (scopes == null ? "" : " and visible with these scopes"),
                tenant, capability, action);
    }

    private static Decision eventAction(String tenant, String action, String topic) {
        if (topic != null && !Names.isNamespaced(topic)) {
            return new Decision(false, "'" + topic + "' is not a valid topic name", tenant, topic, action);
        }
        return new Decision(true, action + " is open to every tenant; events are isolated per tenant", tenant, topic, action);
    }

    private static List<String> scopes(JsonNode node) {
        if (node == null || node.isNull()) {
            return null; // no scopes given: no scope check (SPEC §5)
        }
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            for (String s : node.asText().trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return out;
        }
        if (!node.isArray()) {
            throw MigException.invalid("scopes must be an array of strings").withDetail("field", "scopes");
        }
        for (JsonNode scope : node) {
            if (!scope.isTextual()) {
                throw MigException.invalid("scopes must be an array of strings").withDetail("field", "scopes");
            }
            out.add(scope.asText());
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw MigException.invalid(field + " must be a string").withDetail("field", field);
        }
        return node.asText();
    }

    /** The answer: allowed or not, and why; the question is echoed. */
    public record Decision(@JsonProperty("allowed") boolean allowed, @JsonProperty("reason") String reason,
                           @JsonProperty("tenant_id") String tenantId, @JsonProperty("capability") String capability,
                           @JsonProperty("action") String action) {
    }
}
