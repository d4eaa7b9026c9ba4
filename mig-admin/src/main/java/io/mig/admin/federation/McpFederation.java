package io.mig.admin.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.admin.audit.ControlAudit;
import io.mig.admin.audit.Operator;
import io.mig.admin.schema.SchemaDialect;
import io.mig.admin.schema.SchemaRegistry;
import io.mig.core.error.MigException;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.McpServerEntry;
import io.mig.core.port.out.McpServerStore;
import io.mig.core.spi.McpToolCatalog;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Federation of upstream MCP servers (SPEC §12, docs/MCP.md "Federation"): importing a server
 * reads its tools and registers each as capability {@code <name>.<tool>} served by an {@code mcp}
 * provider, with its input and output schemas under {@code schema://mcp/<name>/<tool>/input|output}
 * (read as JSON Schema 2020-12 unless they name another dialect). Re-importing (or refreshing)
 * replaces the set: tools that are gone lose their capability and schemas; so does the server's
 * own {@code notifications/tools/list_changed} when its client can listen for it (the legacy
 * era's GET event stream). Every mutation is audited ({@code admin.mcp_servers.import|refresh|delete}); entries live in a {@link McpServerStore}.
 */
public final class McpFederation implements AutoCloseable {
    /** Capabilities imported from a tool serve both modes: a streamed call relays the tool's progress. */
    static final List<InvocationMode> MODES = List.of(InvocationMode.UNARY, InvocationMode.SERVER_STREAM);
    static final String VERSION = "1.0.0";
    static final int MAX_NAME_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_NAME_LENGTH + "}");
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(15);

    private final MigGateway gateway;
    private final SchemaRegistry schemas;
    private final McpServerStore store;
    private final McpToolCatalog catalog;
    private final ControlAudit audit;
    private final Clock clock;
    /** The open list_changed watches, by server name, with what they watch (url and headers). */
    private final Map<String, Watch> watches = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;
    private final AutoCloseable storeWatch;

    /** @param catalog how tools are read from a server; null when no MCP client is on the class path */
    public McpFederation(MigGateway gateway, SchemaRegistry schemas, McpServerStore store, McpToolCatalog catalog,
                         ControlAudit audit, Clock clock) {
        this.gateway = gateway;
        this.schemas = schemas;
        this.store = store;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
        this.storeWatch = store.watch(this::dropStaleWatch);
    }

    /**
     * Imports (or re-imports) a server from {@code {"name", "url", "headers"?, "auth_scopes"?}}.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} for a bad body, {@code MIG_UNAVAILABLE} when the
     *         server cannot be reached, {@code MIG_INTERNAL} (502) when it does not answer MCP
     */
    public Imported importServer(JsonNode body, Operator operator) {
        return audit.record("admin.mcp_servers.import", operator, null, () -> {
            Request request = Request.parse(body);
            return sync(request);
        });
    }

    /**
     * Checks an import body as {@link #importServer} would, without reaching the server or storing
     * anything (the configuration file's reload checks a whole file before it changes anything).
     *
     * @return the server's name
     * @throws MigException {@code MIG_INVALID_REQUEST} naming the field for a bad body
     */
    public String check(JsonNode body) {
        return Request.parse(body).name();
    }

    /** Reads the tools of a federated server again. @throws MigException {@code MIG_NOT_FOUND} for an unknown name */
    public Imported refresh(String name, Operator operator) {
        return audit.record("admin.mcp_servers.refresh", operator, null, () -> {
            McpServerEntry entry = store.find(name).orElseThrow(() -> notFound(name));
            return sync(new Request(entry.name(), entry.url(), entry.headers(), entry.authScopes()));
        });
    }

    /** Removes a server, its capabilities and their schemas. @throws MigException {@code MIG_NOT_FOUND} for an unknown name */
    public void delete(String name, Operator operator) {
        audit.record("admin.mcp_servers.delete", operator, null, () -> {
            synchronized (this) {
                McpServerEntry entry = store.find(name).orElseThrow(() -> notFound(name));
                for (McpServerEntry.Tool tool : entry.tools()) {
                    forget(entry.name(), tool);
                }
                store.remove(name);
                unwatch(name);
            }
            return null;
        });
    }

    /** Every federated server as the admin API shows it, ordered by name. */
    public List<ObjectNode> list() {
        return store.list().stream().map(McpFederation::view).toList();
    }

    public Optional<ObjectNode> find(String name) {
        return store.find(name).map(McpFederation::view);
    }

    /** The names of the federated servers (the configuration file's diff needs them). */
    public Set<String> names() {
        Set<String> names = new java.util.TreeSet<>();
        store.list().forEach(entry -> names.add(entry.name()));
        return names;
    }

    private synchronized Imported sync(Request request) {
        if (catalog == null) {
            throw MigException.unavailable("no MCP client is on the class path; add the mig-binding-mcp module");
        }
        List<ObjectNode> tools = new ArrayList<>(catalog.listTools(URI.create(request.url()), request.headers(), LIST_TIMEOUT));
        tools.sort(Comparator.comparing(t -> t.path("name").asText()));
        Optional<McpServerEntry> previous = store.find(request.name());
        ToolNames names = new ToolNames(request.name());
        Set<String> owned = new HashSet<>();
        previous.ifPresent(old -> old.tools().forEach(t -> owned.add(t.capability())));
        List<McpServerEntry.Tool> imported = new ArrayList<>();
        ArrayNode skipped = MigJson.mapper().createArrayNode();
        for (ObjectNode tool : tools) {
            String toolName = tool.path("name").asText();
            String capability = request.name() + "." + names.next(toolName);
            if (!owned.contains(capability) && gateway.capabilities().find(capability).isPresent()) {
                // never take over a capability registered otherwise (admin API, configuration, another server)
                skipped.addObject().put("name", toolName)
                        .put("reason", "capability '" + capability + "' exists and is not federated from this server");
                continue;
            }
            try {
                register(request, tool, capability);
                imported.add(new McpServerEntry.Tool(toolName, capability, tool.path("description").asText(null)));
            } catch (MigException e) {
                forget(request.name(), new McpServerEntry.Tool(toolName, capability, null));
                skipped.addObject().put("name", toolName).put("reason", e.getMessage());
            }
        }
        Set<String> kept = new HashSet<>();
        imported.forEach(t -> kept.add(t.capability()));
        previous.ifPresent(old -> old.tools().stream().filter(t -> !kept.contains(t.capability()))
                .forEach(t -> forget(old.name(), t)));
        McpServerEntry entry = new McpServerEntry(request.name(), request.url(), request.headers(), request.authScopes(),
                imported, clock.instant().toString());
        boolean created = store.put(entry);
        watch(entry);
        ObjectNode view = view(entry);
        if (!skipped.isEmpty()) {
            view.set("skipped", skipped);
        }
        return new Imported(created, view);
    }

    private void register(Request request, ObjectNode tool, String capability) {
        String local = capability.substring(request.name().length() + 1);
        String input = schemaUri(request.name(), local, "input");
        String output = schemaUri(request.name(), local, "output");
        JsonNode inputSchema = tool.get("inputSchema");
        schemas.register(input, inputSchema == null || inputSchema.isNull() ? MigJson.object().put("type", "object") : inputSchema,
                SchemaDialect.DRAFT_2020_12);
        JsonNode outputSchema = tool.get("outputSchema");
        if (outputSchema != null && !outputSchema.isNull()) {
            schemas.register(output, outputSchema, SchemaDialect.DRAFT_2020_12);
        } else {
            schemas.remove(output);
        }
        ObjectNode provider = MigJson.object().put("type", "mcp").put("url", request.url())
                .put("tool", tool.path("name").asText());
        if (!request.headers().isEmpty()) {
            provider.set("headers", MigJson.mapper().valueToTree(request.headers()));
        }
        String description = tool.path("description").asText(null);
        if (description == null || description.isBlank()) {
            description = tool.path("title").asText("tool '" + tool.path("name").asText() + "' of MCP server " + request.name());
        }
        CapabilityDescriptor descriptor = new CapabilityDescriptor(capability, VERSION, MODES, input, output,
                request.authScopes(), List.of(), null, description);
        gateway.register(new CapabilityRegistration(descriptor, provider));
    }

    private void forget(String server, McpServerEntry.Tool tool) {
        String local = tool.capability().substring(server.length() + 1);
        gateway.unregister(tool.capability());
        schemas.remove(schemaUri(server, local, "input"));
        schemas.remove(schemaUri(server, local, "output"));
    }

    /** Stops listening to the servers' change notifications (the gateway is stopping). */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            storeWatch.close();
        } catch (Exception ignored) {
            // the store's own shutdown ends its watches too
        }
        for (String name : List.copyOf(watches.keySet())) {
            unwatch(name);
        }
    }

    /** Re-imports a server when it announces that its tools changed, audited as done by that server. */
    private void watch(McpServerEntry entry) {
        if (closed) {
            return;
        }
        Watch current = watches.get(entry.name());
        if (current != null && current.url().equals(entry.url()) && current.headers().equals(entry.headers())) {
            return;
        }
        unwatch(entry.name());
        Operator upstream = new Operator("mcp-server:" + entry.name(), null, null);
        AutoCloseable handle = catalog.watchTools(URI.create(entry.url()), entry.headers(), () -> {
            if (store.find(entry.name()).isPresent()) {
                refresh(entry.name(), upstream);
            }
        });
        watches.put(entry.name(), new Watch(entry.url(), entry.headers(), handle));
    }

    /**
     * Told of a changed entry (here or by another instance sharing the store): stops listening to the
     * server when its entry is gone or now names another address or headers — a listener the instance
     * that changed it set up, if any, takes over. Not synchronized: an import holds the lock while it
     * talks to a server, and the store's watch thread must not wait for that.
     */
    private void dropStaleWatch(String name) {
        Watch current = watches.get(name);
        if (current == null) {
            return;
        }
        boolean stale = store.find(name)
                .map(entry -> !current.url().equals(entry.url()) || !current.headers().equals(entry.headers()))
                .orElse(true);
        if (stale && watches.remove(name, current)) {
            closeQuietly(current);
        }
    }

    /** True while this instance listens to the server's tool changes (tests). */
    boolean listensTo(String name) {
        return watches.containsKey(name);
    }

    private static void closeQuietly(Watch watch) {
        try {
            watch.handle().close();
        } catch (Exception ignored) {
            // a watch that cannot close cleanly stops on its own when its stream ends
        }
    }

    private void unwatch(String name) {
        Watch old = watches.remove(name);
        if (old != null) {
            closeQuietly(old);
        }
    }

    private record Watch(String url, Map<String, String> headers, AutoCloseable handle) {
    }

    static String schemaUri(String server, String tool, String direction) {
        return "schema://mcp/" + server + "/" + tool + "/" + direction;
    }

    /** The admin view: header names only (their values are often secrets), and each tool's capability and schemas. */
    static ObjectNode view(McpServerEntry entry) {
        ObjectNode view = MigJson.object().put("name", entry.name()).put("url", entry.url());
        ArrayNode headerNames = view.putArray("header_names");
        entry.headers().keySet().stream().sorted().forEach(headerNames::add);
        ArrayNode scopes = view.putArray("auth_scopes");
        entry.authScopes().forEach(scopes::add);
        view.put("imported_at", entry.importedAt());
        ArrayNode tools = view.putArray("tools");
        for (McpServerEntry.Tool tool : entry.tools()) {
            String local = tool.capability().substring(entry.name().length() + 1);
            ObjectNode item = tools.addObject().put("name", tool.name()).put("capability", tool.capability());
            if (tool.description() != null) {
                item.put("description", tool.description());
            }
            item.put("input_schema_uri", schemaUri(entry.name(), local, "input"))
                    .put("output_schema_uri", schemaUri(entry.name(), local, "output"));
        }
        return view;
    }

    static MigException notFound(String name) {
        return MigException.notFound("no MCP server is federated under '" + name + "'").withDetail("name", name);
    }

    /** The answer to an import or refresh: 201 when {@code created}, else 200. */
    public record Imported(boolean created, ObjectNode server) {
    }

    /** A checked import request. */
    record Request(String name, String url, Map<String, String> headers, List<String> authScopes) {
        static Request parse(JsonNode body) {
            if (body == null || !body.isObject()) {
                throw MigException.invalid("body must be a JSON object {\"name\", \"url\", \"headers\"?, \"auth_scopes\"?}");
            }
            JsonNode name = body.get("name");
            if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()) {
                throw MigException.invalid("name must be one name token: 1-" + MAX_NAME_LENGTH
                        + " characters of [A-Za-z0-9_-]").withDetail("field", "name");
            }
            JsonNode url = body.get("url");
            if (url == null || !url.isTextual() || !validUrl(url.asText())) {
                throw MigException.invalid("url must be the absolute http:// or https:// URL of the server's MCP endpoint")
                        .withDetail("field", "url");
            }
            return new Request(name.asText(), url.asText().trim(), headers(body.get("headers")), scopes(body.get("auth_scopes")));
        }

        private static boolean validUrl(String text) {
            try {
                URI uri = URI.create(text.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static Map<String, String> headers(JsonNode node) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return headers;
            }
            if (!node.isObject()) {
                throw MigException.invalid("headers must be an object of header names to string values").withDetail("field", "headers");
            }
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isTextual()) {
                    throw MigException.invalid("headers: the value of '" + field.getKey() + "' must be a string")
                            .withDetail("field", "headers");
                }
                headers.put(field.getKey(), field.getValue().asText());
            });
            return headers;
        }

        private static List<String> scopes(JsonNode node) {
            List<String> scopes = new ArrayList<>();
            if (node == null || node.isNull()) {
                return scopes;
            }
            if (!node.isArray()) {
                throw MigException.invalid("auth_scopes must be a list of strings").withDetail("field", "auth_scopes");
            }
            for (JsonNode scope : node) {
                if (!scope.isTextual() || scope.asText().isBlank()) {
                    throw MigException.invalid("auth_scopes must be a list of strings").withDetail("field", "auth_scopes");
                }
                scopes.add(scope.asText());
            }
            return scopes;
        }
    }
}
