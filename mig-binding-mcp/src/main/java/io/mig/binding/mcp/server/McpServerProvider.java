package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.admin.ControlPlane;
import io.mig.binding.http.HttpExtension;
import io.mig.binding.http.HttpExtensionProvider;
import io.mig.core.spi.BindingContext;
import io.mig.core.spi.Settings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Puts the MCP server on migd's HTTP listener. On unless {@code MIGD_MCP_ENABLED=false}. Settings:
 * {@code MIGD_MCP_SESSION_KEY}, {@code MIGD_MCP_SESSION_TTL_SECONDS}, {@code MIGD_MCP_ALLOWED_ORIGINS},
 * {@code MIGD_MCP_ALLOWED_HOSTS}, {@code MIGD_MCP_PAGE_SIZE}, {@code MIGD_MCP_RESOURCE_URL},
 * {@code MIGD_OAUTH_AUTHORIZATION_SERVERS} (docs/CONFIGURATION.md).
 */
public final class McpServerProvider implements HttpExtensionProvider {
    private static final System.Logger LOG = System.getLogger("migd");

    @Override
    public String name() {
        return "mcp";
    }

    @Override
    public boolean enabled(Settings settings) {
        String value = settings.get("MIGD_MCP_ENABLED", "true").trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("MIGD_MCP_ENABLED: '" + value + "' is not true or false");
        }
        return value.equalsIgnoreCase("true");
    }

    @Override
    public HttpExtension create(BindingContext context) {
        Settings settings = context.settings();
        McpOptions options = options(settings);
        if (options.sessionKey() == null) {
            LOG.log(System.Logger.Level.DEBUG, "MIGD_MCP_SESSION_KEY is not set: MCP sessions are valid on this instance only");
        }
        Function<String, Optional<JsonNode>> schemas = context.service(ControlPlane.SERVICE)
                .<Function<String, Optional<JsonNode>>>map(plane -> uri -> plane.schemas().find(uri).map(s -> s.schema()))
                .orElse(uri -> Optional.empty());
        String version = Optional.ofNullable(McpServer.class.getPackage().getImplementationVersion()).orElse("0.1");
        return McpServer.create(options, schemas, version);
    }

    static McpOptions options(Settings settings) {
        McpOptions options = McpOptions.defaults()
                .withTokensRequired(settings.get("MIGD_AUTH_MODE", "none").trim().equalsIgnoreCase("jwt"))
                .withAllowedOrigins(list(settings, "MIGD_MCP_ALLOWED_ORIGINS"))
                .withAllowedHosts(list(settings, "MIGD_MCP_ALLOWED_HOSTS"))
                .withPageSize((int) positive(settings, "MIGD_MCP_PAGE_SIZE", McpOptions.DEFAULT_PAGE_SIZE, 10_000))
                .withSessionTtl(Duration.ofSeconds(positive(settings, "MIGD_MCP_SESSION_TTL_SECONDS",
                        McpOptions.DEFAULT_SESSION_TTL.toSeconds(), 365L * 86_400)));
        var key = settings.get("MIGD_MCP_SESSION_KEY");
        if (key.isPresent()) {
            byte[] bytes = key.get().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 16) {
                throw new IllegalArgumentException("MIGD_MCP_SESSION_KEY: must be at least 16 bytes (e.g. openssl rand -base64 32)");
            }
            options = options.withSessionKey(bytes);
        }
        List<String> servers = list(settings, "MIGD_OAUTH_AUTHORIZATION_SERVERS");
        servers.forEach(server -> absoluteUrl("MIGD_OAUTH_AUTHORIZATION_SERVERS", server));
        options = options.withAuthorizationServers(servers);
        var resource = settings.get("MIGD_MCP_RESOURCE_URL");
        if (resource.isPresent()) {
            absoluteUrl("MIGD_MCP_RESOURCE_URL", resource.get().trim());
            options = options.withResourceUrl(resource.get());
        }
        return options;
    }

    private static List<String> list(Settings settings, String name) {
        return settings.get(name).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private static void absoluteUrl(String name, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
                throw new IllegalArgumentException();
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not an absolute http(s) URL");
        }
    }

    private static long positive(Settings settings, String name, long fallback, long max) {
        String value = settings.get(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed <= 0 || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not an integer from 1 to " + max);
        }
    }
}
