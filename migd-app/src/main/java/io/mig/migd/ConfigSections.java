package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.admin.ControlPlane;
import io.mig.admin.audit.Operator;
import io.mig.admin.schema.SchemaRegistry;
import io.mig.core.error.MigException;
import java.time.Clock;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/** The sections of {@code MIGD_CONFIG_FILE}, each over the control-plane service the admin API uses. */
final class ConfigSections {
    private ConfigSections() {
    }

    /**
     * Every section, in the order of application: a section comes after those its entries refer to
     * (capabilities name schemas; a federated MCP server's tools become capabilities and schemas), because the reloader adds and replaces in this order and removes
     * in the reverse one. A new section is one more entry here (see {@link ConfigSection}).
     */
    static List<ConfigSection> of(ControlPlane controlPlane) {
        // compiling into a registry of its own checks a schema exactly as the live one would, and keeps nothing
        SchemaRegistry scratch = new SchemaRegistry(Clock.systemUTC());
        return List.of(
                new ServiceSection("schemas", // {uri, schema}, as POST /admin/v0.1/schemas
                        entry -> {
                            String uri = uri(entry);
                            scratch.register(uri, entry.get("schema"));
                            scratch.remove(uri);
                            return uri;
                        },
                        (entry, operator) -> controlPlane.registerSchema(uri(entry), entry.get("schema"), operator),
                        uri -> controlPlane.schemas().find(uri).isPresent(),
                        controlPlane::deleteSchema),
                new ServiceSection("capabilities", // {descriptor: {...}} with its provider block, as POST /admin/v0.1/capabilities
                        entry -> controlPlane.capabilities().check(entry).id(),
                        controlPlane.capabilities()::upsert,
                        id -> controlPlane.capabilities().find(id).isPresent(),
                        controlPlane.capabilities()::delete),
                new ServiceSection("mcp_servers", // {name, url, headers?, auth_scopes?}, as POST /admin/v0.1/mcp/servers
                        controlPlane.mcpServers()::check,
                        (entry, operator) -> controlPlane.mcpServers().importServer(entry, operator),
                        name -> controlPlane.mcpServers().find(name).isPresent(),
                        controlPlane.mcpServers()::delete),
                new ServiceSection("quotas", // {tenant_id, max_invocations, window_seconds?}, as POST /pro/v0.1/quotas
                        controlPlane.quotas()::check,
                        controlPlane.quotas()::set,
                        tenant -> controlPlane.quotas().find(tenant).isPresent(),
                        controlPlane.quotas()::remove));
    }

    private static String uri(JsonNode entry) {
        JsonNode value = entry.get("uri");
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw MigException.invalid("uri must be a string").withDetail("field", "uri");
        }
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A section whose entries one service checks, stores and deletes; removal asks first, so a gone entry is not audited as a failed delete. */
    private record ServiceSection(String name, Function<JsonNode, String> checker, BiConsumer<JsonNode, Operator> upserter,
                                  Predicate<String> exists, BiConsumer<String, Operator> deleter) implements ConfigSection {
        @Override
        public String check(JsonNode entry) {
            return checker.apply(entry);
        }

        @Override
        public void upsert(JsonNode entry, Operator operator) {
            upserter.accept(entry, operator);
        }

        @Override
        public void remove(String key, Operator operator) {
            if (exists.test(key)) {
                deleter.accept(key, operator);
            }
        }
    }
}
