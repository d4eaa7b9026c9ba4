package io.mig.migd;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mig.admin.ControlPlane;
import io.mig.admin.audit.Operator;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The declarative configuration of {@code MIGD_CONFIG_FILE} (YAML, or JSON which YAML includes):
 * {@code schemas}, {@code capabilities} (the admin API's body, provider block included),
 * {@code mcp_servers} (federated MCP servers) and {@code quotas}, applied at start in that order through the same services as the admin API. Any
 * error stops the start with the file, the place (line and column, or the path of the entry) and
 * the reason. See {@code docs/CONFIGURATION.md}.
 */
final class ConfigFile {
    static final String SETTING = "MIGD_CONFIG_FILE";
    private static final Set<String> SECTIONS = Set.of("schemas", "capabilities", "quotas", "mcp_servers");

    private final Path path;
    private final JsonNode root;

    private ConfigFile(Path path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    /** Reads and parses the file; syntax errors name the line and column. */
    static ConfigFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException(SETTING + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        ObjectMapper mapper = path.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? MigJson.mapper() : new YAMLMapper();
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException(SETTING + ": " + path + ": " + where + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(SETTING + ": cannot read " + path + " (" + e.getMessage() + ")");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigFile(path, MigJson.object());
        }
        if (!root.isObject()) {
            throw new ConfigException(SETTING + ": " + path + ": the document must be a mapping with schemas, capabilities, quotas");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SECTIONS.contains(name)) {
                throw new ConfigException(SETTING + ": " + path + ": " + name + ": unknown section; expected schemas, capabilities, quotas or mcp_servers");
            }
        }
        return new ConfigFile(path, root);
    }

    /** Registers everything the file declares; the first bad entry stops the start. */
    void applyTo(ControlPlane controlPlane) {
        for (Entry entry : entries("schemas")) {
            entry.apply(node -> controlPlane.registerSchema(text(node, "uri"), node.get("schema"), Operator.CONFIG_FILE));
        }
        for (Entry entry : entries("capabilities")) {
            entry.apply(node -> controlPlane.capabilities().upsert(node, Operator.CONFIG_FILE));
        }
        applyMcpServers(controlPlane);
        for (Entry entry : entries("quotas")) {
            entry.apply(node -> controlPlane.quotas().set(node, Operator.CONFIG_FILE));
        }
    }

    /**
     * The {@code mcp_servers} section: upstream MCP servers to federate, each the body of
     * {@code POST /admin/v0.1/mcp/servers}, imported after the capabilities (their tools become
     * capabilities too). An upstream that cannot be reached stops the start like any bad entry.
     */
    void applyMcpServers(ControlPlane controlPlane) {
        mcpServers(); // names are checked (and unique) before anything is imported
        for (Entry entry : entries("mcp_servers")) {
            entry.apply(node -> controlPlane.mcpServers().importServer(node, Operator.CONFIG_FILE));
        }
    }

    /**
     * The {@code mcp_servers} section as the desired set, by name, so that a reload can diff it
     * with what is federated: import the new and the changed ones, delete the ones gone.
     */
    java.util.Map<String, JsonNode> mcpServers() {
        java.util.Map<String, JsonNode> byName = new java.util.TreeMap<>();
        for (Entry entry : entries("mcp_servers")) {
            JsonNode name = entry.node.get("name");
            if (name == null || !name.isTextual()) {
                throw fail(entry.place + ".name", "name is required");
            }
            if (byName.put(name.asText(), entry.node) != null) {
                throw fail(entry.place + ".name", "'" + name.asText() + "' is declared twice");
            }
        }
        return byName;
    }

    private java.util.List<Entry> entries(String section) {
        JsonNode list = root.get(section);
        if (list == null || list.isNull()) {
            return java.util.List.of();
        }
        if (!list.isArray()) {
            throw fail(section, "must be a list");
        }
        java.util.List<Entry> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String place = section + "[" + i + "]";
            if (!list.get(i).isObject()) {
                throw fail(place, "must be a mapping");
            }
            out.add(new Entry(place, list.get(i)));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw MigException.invalid(field + " must be a string").withDetail("field", field);
        }
        return value == null || value.isNull() ? null : value.asText();
    }

    private ConfigException fail(String place, String reason) {
        return new ConfigException(SETTING + ": " + path + ": " + place + ": " + reason);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid syntax";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private final class Entry {
        private final String place;
        private final JsonNode node;

        Entry(String place, JsonNode node) {
            this.place = place;
            this.node = node;
        }

        void apply(java.util.function.Consumer<JsonNode> action) {
            try {
                action.accept(node);
            } catch (MigException e) {
                String field = e.details().path("field").asText("");
                throw fail(field.isEmpty() ? place : place + "." + field, e.getMessage());
            }
        }
    }
}
