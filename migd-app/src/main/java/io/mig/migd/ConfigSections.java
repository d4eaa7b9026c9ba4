package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.admin.ControlPlane;
import io.mig.admin.audit.Operator;
import io.mig.admin.schema.SchemaRegistry;
import io.mig.core.error.MigException;
import java.time.Clock;
import java.util.List;

/** The sections of {@code MIGD_CONFIG_FILE}, each over the control-plane service the admin API uses. */
final class ConfigSections {
    private ConfigSections() {
    }

    /**
     * Every section, in the order of application: a section comes after those its entries refer to
     * (capabilities name schemas), because the reloader adds and replaces in this order and removes
     * in the reverse one. A new section is one more line here (see {@link ConfigSection}).
     */
    static List<ConfigSection> of(ControlPlane controlPlane) {
        return List.of(new Schemas(controlPlane), new Capabilities(controlPlane), new Quotas(controlPlane));
    }

    /** {@code {uri, schema}}, as {@code POST /admin/v0.1/schemas}. */
    private static final class Schemas implements ConfigSection {
        private final ControlPlane controlPlane;
        // compiling into a registry of its own checks a schema exactly as the live one would, and keeps nothing
        private final SchemaRegistry scratch = new SchemaRegistry(Clock.systemUTC());

        Schemas(ControlPlane controlPlane) {
            this.controlPlane = controlPlane;
        }

        @Override
        public String name() {
            return "schemas";
        }

        @Override
        public String check(JsonNode entry) {
            String uri = uri(entry);
            scratch.register(uri, entry.get("schema"));
            scratch.remove(uri);
            return uri;
        }

        @Override
        public void upsert(JsonNode entry, Operator operator) {
            controlPlane.registerSchema(uri(entry), entry.get("schema"), operator);
        }

        @Override
        public void remove(String key, Operator operator) {
            if (controlPlane.schemas().find(key).isPresent()) {
                controlPlane.deleteSchema(key, operator);
            }
        }

        private static String uri(JsonNode entry) {
            JsonNode value = entry.get("uri");
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw MigException.invalid("uri must be a string").withDetail("field", "uri");
            }
            return value == null || value.isNull() ? null : value.asText();
        }
    }

    /** {@code {descriptor: {...}}} with its provider block, as {@code POST /admin/v0.1/capabilities}. */
    private static final class Capabilities implements ConfigSection {
        private final ControlPlane controlPlane;

        Capabilities(ControlPlane controlPlane) {
            this.controlPlane = controlPlane;
        }

        @Override
        public String name() {
            return "capabilities";
        }

        @Override
        public String check(JsonNode entry) {
            return controlPlane.capabilities().check(entry).id();
        }

        @Override
        public void upsert(JsonNode entry, Operator operator) {
            controlPlane.capabilities().upsert(entry, operator);
        }

        @Override
        public void remove(String key, Operator operator) {
            if (controlPlane.capabilities().find(key).isPresent()) {
                controlPlane.capabilities().delete(key, operator);
            }
        }
    }

    /** {@code {tenant_id, max_invocations, window_seconds?}}, as {@code POST /pro/v0.1/quotas}. */
    private static final class Quotas implements ConfigSection {
        private final ControlPlane controlPlane;

        Quotas(ControlPlane controlPlane) {
            this.controlPlane = controlPlane;
        }

        @Override
        public String name() {
            return "quotas";
        }

        @Override
        public String check(JsonNode entry) {
            return controlPlane.quotas().check(entry);
        }

        @Override
        public void upsert(JsonNode entry, Operator operator) {
            controlPlane.quotas().set(entry, operator);
        }

        @Override
        public void remove(String key, Operator operator) {
            if (controlPlane.quotas().find(key).isPresent()) {
                controlPlane.quotas().remove(key, operator);
            }
        }
    }
}
