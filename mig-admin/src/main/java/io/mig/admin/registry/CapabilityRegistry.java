package io.mig.admin.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.admin.audit.ControlAudit;
import io.mig.admin.audit.Operator;
import io.mig.core.error.MigException;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.port.out.CapabilityRegistration;
import java.util.List;
import java.util.Optional;

/**
 * Capability registration as the admin API and the configuration file do it (SPEC §5): the body is
 * {@code {"descriptor": {...}}}, the provider block either inside the descriptor or beside it. The
 * gateway checks the descriptor ({@code CapabilityRules}) and builds the provider (its factories), so
 * a wrong one is refused before anything is stored. Every mutation is audited.
 */
public final class CapabilityRegistry {
    private final MigGateway gateway;
    private final ControlAudit audit;

    public CapabilityRegistry(MigGateway gateway, ControlAudit audit) {
        this.gateway = gateway;
        this.audit = audit;
    }

    /** Registers or replaces a capability; the result says whether it was new. */
    public Upsert upsert(JsonNode body, Operator operator) {
        return audit.record("admin.capabilities.upsert", operator, null, () -> {
            CapabilityRegistration registration = parse(body);
            boolean created;
            try {
                created = gateway.register(registration);
            } catch (MigException e) {
                throw inDescriptor(e);
            }
            return new Upsert(created, view(registration));
        });
    }

    /**
     * Checks a body as {@link #upsert} would, building its provider, without registering or auditing
     * anything; returns the registration {@code upsert} would store.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} naming the field, exactly as {@code upsert} would
     */
    public CapabilityRegistration check(JsonNode body) {
        CapabilityRegistration registration = parse(body);
        try {
            gateway.check(registration);
        } catch (MigException e) {
            throw inDescriptor(e);
        }
        return registration;
    }

    /** Every capability with its provider block, ordered by id. */
    public List<ObjectNode> list() {
        return gateway.capabilities().list().stream().map(CapabilityRegistry::view).toList();
    }

    public Optional<ObjectNode> find(String id) {
        return gateway.capabilities().find(id).map(CapabilityRegistry::view);
    }

    /** @throws MigException {@code MIG_NOT_FOUND} when no capability has this id */
    public void delete(String id, Operator operator) {
        audit.record("admin.capabilities.delete", operator, null, () -> {
            if (!gateway.unregister(id)) {
                throw notFound(id);
            }
            return null;
        });
    }

    /** Name errors of the core say "capability"/"topic"; in a registration they are descriptor fields. */
    private static MigException inDescriptor(MigException e) {
        String field = e.details().path("field").asText("");
        return switch (field) {
            case "capability" -> e.withDetail("field", "descriptor.id");
            case "topic" -> e.withDetail("field", "descriptor.event_topics");
            default -> e;
        };
    }

    public static MigException notFound(String id) {
        return MigException.notFound("capability '" + id + "' is not registered").withDetail("capability", id);
    }

    /** The admin view: the descriptor with its {@code provider} block (which DISCOVER never shows). */
    static ObjectNode view(CapabilityRegistration registration) {
        ObjectNode item = MigJson.toObjectNode(registration.descriptor());
        if (registration.provider() != null) {
            item.set("provider", registration.provider().deepCopy());
        }
        return item;
    }

    static CapabilityRegistration parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw MigException.invalid("body must be a JSON object with a 'descriptor'");
        }
        JsonNode descriptorNode = body.get("descriptor");
        if (descriptorNode == null || descriptorNode.isNull()) {
            throw MigException.invalid("descriptor is required").withDetail("field", "descriptor");
        }
        if (!descriptorNode.isObject()) {
            throw MigException.invalid("descriptor must be a JSON object").withDetail("field", "descriptor");
        }
        ObjectNode provider = providerBlock(body.get("provider"), "provider");
        ObjectNode inner = providerBlock(descriptorNode.get("provider"), "descriptor.provider");
        if (provider != null && inner != null && !provider.equals(inner)) {
            throw MigException.invalid("provider is given twice (beside and inside the descriptor) with different values")
                    .withDetail("field", "provider");
        }
        CapabilityDescriptor descriptor;
        try {
            descriptor = MigJson.convert(descriptorNode, CapabilityDescriptor.class);
        } catch (MigException e) {
            String field = e.details().path("field").asText("");
            throw field.isEmpty() ? e : MigException.invalid("descriptor." + field + " " + stripField(e.getMessage(), field))
                    .withDetail("field", "descriptor." + field);
        }
        return new CapabilityRegistration(descriptor, provider != null ? provider : inner);
    }

    private static ObjectNode providerBlock(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || !node.path("type").isTextual() || node.get("type").asText().isBlank()) {
            throw MigException.invalid(field + " must be an object with a 'type' (e.g. {\"type\":\"http\",\"url\":\"...\"})")
                    .withDetail("field", field);
        }
        return (ObjectNode) node;
    }

    private static String stripField(String message, String field) {
        String prefix = "field '" + field + "' ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The answer to an upsert: 201 when {@code created}, else 200. */
    public record Upsert(boolean created, ObjectNode capability) {
    }
}
