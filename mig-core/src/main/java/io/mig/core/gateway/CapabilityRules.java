package io.mig.core.gateway;

import io.mig.core.error.MigException;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.Names;
import java.util.regex.Pattern;

/** What a capability descriptor must satisfy to be registered (SPEC §1.3, §5). */
public final class CapabilityRules {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private CapabilityRules() {
    }

    public static CapabilityDescriptor check(CapabilityDescriptor d) {
        if (d == null) {
            throw MigException.invalid("descriptor is required").withDetail("field", "descriptor");
        }
        Names.requireCapability(d.id());
        require("version", d.version());
        if (!SEMVER.matcher(d.version()).matches()) {
            throw MigException.invalid("version '" + d.version() + "' is not a semantic version (e.g. 1.0.0)")
                    .withDetail("field", "descriptor.version");
        }
        require("input_schema_uri", d.inputSchemaUri());
        require("output_schema_uri", d.outputSchemaUri());
        for (String topic : d.eventTopics()) {
            Names.requireTopic(topic);
        }
        for (String scope : d.authScopes()) {
            if (scope == null || scope.isBlank() || scope.chars().anyMatch(Character::isWhitespace)) {
                throw MigException.invalid("auth_scopes entries must be non-empty and contain no whitespace")
                        .withDetail("field", "descriptor.auth_scopes");
            }
        }
        if (d.qos() != null && d.qos().maxPayloadBytes() != null && d.qos().maxPayloadBytes() < 0) {
            throw MigException.invalid("qos.max_payload_bytes must not be negative")
                    .withDetail("field", "descriptor.qos.max_payload_bytes");
        }
        return d;
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw MigException.invalid("descriptor." + field + " is required").withDetail("field", "descriptor." + field);
        }
    }
}
