package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.spi.BindingGateway;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code tools/list} as DISCOVER (SPEC §12): the capabilities the caller may see (the core filters
 * by tenant and scope), of one namespace when the endpoint names one, as MCP tools sorted by name,
 * a page at a time. The cursor is the last name of the previous page, so pages stay consistent
 * while capabilities come and go, and any instance can continue a listing.
 */
final class ToolCatalog {
    private final BindingGateway gateway;
    private final Function<String, Optional<JsonNode>> schemas;
    private final int pageSize;

    /** One page of tools and the cursor of the next (null on the last page). */
    record Page(ArrayNode tools, String nextCursor) {
    }

    ToolCatalog(BindingGateway gateway, Function<String, Optional<JsonNode>> schemas, int pageSize) {
        this.gateway = gateway;
        this.schemas = schemas;
        this.pageSize = pageSize;
    }

    /** The capability a tool name stands for on an endpoint ({@code namespace} null for {@code /mcp}). */
    static String capabilityId(String namespace, String toolName) {
        return namespace == null ? toolName : namespace + "." + toolName;
    }

    Page list(CallContext call, MessageHeader header, String namespace, String cursor) {
        String after = cursor == null ? null : decodeCursor(cursor);
        String prefix = namespace == null ? "" : namespace + ".";
        List<CapabilityDescriptor> visible = gateway.discover(call,
                new DiscoverRequest(header, namespace == null ? null : prefix, null, null)).capabilities();
        List<CapabilityDescriptor> tools = new ArrayList<>();
        for (CapabilityDescriptor descriptor : visible) {
            if (descriptor.id().startsWith(prefix) && descriptor.id().length() > prefix.length()) {
                tools.add(descriptor);
            }
        }
        tools.sort(Comparator.comparing(d -> d.id().substring(prefix.length())));
        ArrayNode page = MigJson.mapper().createArrayNode();
        String last = null;
        boolean more = false;
        for (CapabilityDescriptor descriptor : tools) {
            String name = descriptor.id().substring(prefix.length());
            if (after != null && name.compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == pageSize) {
                more = true;
                break;
            }
            page.add(tool(name, descriptor));
            last = name;
        }
        return new Page(page, more ? encodeCursor(last) : null);
    }

    private ObjectNode tool(String name, CapabilityDescriptor descriptor) {
        ObjectNode tool = MigJson.object().put("name", name).put("description", description(descriptor));
        tool.set("inputSchema", inputSchema(descriptor.inputSchemaUri()));
        objectSchema(descriptor.outputSchemaUri()).ifPresent(schema -> tool.set("outputSchema", schema));
        ObjectNode capability = tool.putObject("_meta").putObject("io.mig/capability")
                .put("id", descriptor.id()).put("version", descriptor.version());
        ArrayNode modes = capability.putArray("modes");
        descriptor.modes().forEach(mode -> modes.add(mode.wire()));
        return tool;
    }

    /** The descriptor's own words, else a sentence clients can show (they expect a description). */
    static String description(CapabilityDescriptor descriptor) {
        if (descriptor.description() != null && !descriptor.description().isBlank()) {
            return descriptor.description();
        }
        return "MIG capability " + descriptor.id() + " " + descriptor.version() + " ("
                + descriptor.modes().stream().map(InvocationMode::wire).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * The registered input schema keyword for keyword; MCP requires an object schema, so a schema
     * that names no {@code type} is given {@code "type": "object"}, and anything else (none
     * registered, another type) becomes {@code {"type": "object"}}.
     */
    private JsonNode inputSchema(String uri) {
        return objectSchema(uri).orElseGet(() -> MigJson.object().put("type", "object"));
    }

    private Optional<JsonNode> objectSchema(String uri) {
        if (uri == null || uri.isEmpty()) {
            return Optional.empty();
        }
        return schemas.apply(uri).filter(JsonNode::isObject).flatMap(schema -> {
            JsonNode type = schema.get("type");
            if (type == null) {
                ObjectNode typed = ((ObjectNode) schema).deepCopy();
                typed.put("type", "object");
                return Optional.of(typed);
            }
            return type.isTextual() && type.asText().equals("object") ? Optional.of(schema) : Optional.empty();
        });
    }

    private static String encodeCursor(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String name = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (name.isEmpty()) {
                throw new IllegalArgumentException();
            }
            return name;
        } catch (IllegalArgumentException e) {
            throw McpError.invalidParams("invalid cursor");
        }
    }
}
