package io.mig.binding.http;

import io.mig.admin.connections.ConnectionView;
import io.mig.core.spi.BindingContext;
import io.mig.core.spi.ListenAddress;
import io.mig.core.spi.MigBinding;
import io.mig.core.spi.MigBindingProvider;
import io.mig.core.spi.PemKeyStore;
import io.mig.core.spi.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Finds the HTTP binding for {@code migd}. Always enabled. Settings: {@code MIGD_ADDR} (":8080"),
 * {@code MIGD_MAX_BODY_BYTES}, {@code MIGD_SSE_KEEPALIVE_MS}, {@code MIGD_TLS_CERT_FILE} and
 * {@code MIGD_TLS_KEY_FILE}, {@code MIGD_ADMIN_SCOPE}. Routes of other modules ({@link HttpExtensionProvider}s on
 * the class path, e.g. the MCP server) are added to the same listener.
 */
public final class HttpBindingProvider implements MigBindingProvider {
    @Override
    public String name() {
        return "http";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean enabled(Settings settings) {
        return true;
    }

    @Override
    public MigBinding create(BindingContext context) {
        String adminScope = context.settings().get("MIGD_ADMIN_SCOPE", AdminAccess.DEFAULT_SCOPE).trim();
        if (adminScope.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("MIGD_ADMIN_SCOPE: '" + adminScope + "' must be a single scope");
        }
        HttpBinding.Builder builder = HttpBinding.builder(context.gateway());
        extensions(context).forEach(builder::extension);
        return builder
                .options(options(context.settings()))
                .adminScope(adminScope)
                .connectionView(context.service(ConnectionView.SERVICE).orElse(null))
                .readiness(context.readiness())
                .requestObserver(context.service(HttpRequestObserver.SERVICE).orElse(HttpRequestObserver.NONE))
                .metrics(context.service(MetricsExposition.SERVICE).orElse(null))
                .controlPlane(context.service(io.mig.admin.ControlPlane.SERVICE).orElse(null))
                .build();
    }

    /** Every enabled {@link HttpExtensionProvider} on the class path, in name order, created. */
    private static java.util.List<HttpExtension> extensions(BindingContext context) {
        java.util.List<HttpExtensionProvider> providers = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(HttpExtensionProvider.class).forEach(providers::add);
        providers.sort(java.util.Comparator.comparing(HttpExtensionProvider::name));
        return providers.stream().filter(p -> p.enabled(context.settings())).map(p -> p.create(context)).toList();
    }

    /**
     * The options the settings describe.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    static HttpOptions options(Settings settings) {
        ListenAddress address;
        try {
            address = ListenAddress.parse(settings.get("MIGD_ADDR", ":8080"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MIGD_ADDR: " + e.getMessage(), e);
        }
        HttpOptions options = HttpOptions.defaults().withHost(address.host()).withPort(address.port())
                .withMaxBodyBytes(positive(settings, "MIGD_MAX_BODY_BYTES", HttpOptions.DEFAULT_MAX_BODY_BYTES))
                .withSseKeepAlive(Duration.ofMillis(positive(settings, "MIGD_SSE_KEEPALIVE_MS", 15_000)))
                .withLimits(limits(settings));
        if (options.sseKeepAlive().compareTo(options.limits().idleTimeout()) >= 0) {
            throw new IllegalArgumentException("MIGD_HTTP_IDLE_TIMEOUT_MS: must be longer than MIGD_SSE_KEEPALIVE_MS ("
                    + options.sseKeepAlive().toMillis() + "), or idle SSE streams are cut");
        }
        var cert = settings.get("MIGD_TLS_CERT_FILE");
        var key = settings.get("MIGD_TLS_KEY_FILE");
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException((cert.isPresent() ? "MIGD_TLS_KEY_FILE" : "MIGD_TLS_CERT_FILE")
                    + ": TLS needs both MIGD_TLS_CERT_FILE and MIGD_TLS_KEY_FILE");
        }
        if (cert.isPresent()) {
            Path certFile = readable("MIGD_TLS_CERT_FILE", cert.get());
            Path keyFile = readable("MIGD_TLS_KEY_FILE", key.get());
            try {
                PemKeyStore.load(certFile, keyFile, "check".toCharArray()); // fail at start, not at the first handshake
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MIGD_TLS_CERT_FILE/MIGD_TLS_KEY_FILE: " + e.getMessage(), e);
            }
            options = options.withTls(certFile, keyFile);
        }
        return options;
    }

    /**
     * The connection limits: {@code MIGD_HTTP_IDLE_TIMEOUT_MS}, {@code MIGD_HTTP_HEADER_TIMEOUT_MS},
     * {@code MIGD_MAX_CONNECTIONS}, {@code MIGD_WS_MAX_STREAMS}.
     */
    private static HttpLimits limits(Settings settings) {
        return new HttpLimits(
                Duration.ofMillis(positive(settings, "MIGD_HTTP_IDLE_TIMEOUT_MS", HttpLimits.DEFAULT_IDLE_TIMEOUT.toMillis())),
                Duration.ofMillis(positive(settings, "MIGD_HTTP_HEADER_TIMEOUT_MS", HttpLimits.DEFAULT_HEADER_TIMEOUT.toMillis())),
                (int) Math.min(Integer.MAX_VALUE, positive(settings, "MIGD_MAX_CONNECTIONS", HttpLimits.DEFAULT_MAX_CONNECTIONS)),
                (int) Math.min(Integer.MAX_VALUE, positive(settings, "MIGD_WS_MAX_STREAMS", HttpLimits.DEFAULT_WS_MAX_STREAMS)));
    }

    private static Path readable(String name, String value) {
        Path path = Path.of(value);
        if (!java.nio.file.Files.isReadable(path)) {
            throw new IllegalArgumentException(name + ": cannot read " + value);
        }
        return path;
    }

    private static long positive(Settings settings, String name, long fallback) {
        String value = settings.get(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed <= 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a positive integer");
        }
    }
}
