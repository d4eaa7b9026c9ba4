package io.mig.migd;

import io.mig.core.gateway.GatewayLimits;
import io.mig.core.gateway.StorageBounds;
import io.mig.core.spi.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The process configuration read from the environment (guide §5, SPEC §9). Everything is checked
 * here, before any port is opened; a wrong value raises a {@link ConfigException} naming it.
 */
record MigdConfig(
        String authMode,
        Optional<String> jwtSecret,
        boolean metricsEnabled,
        Optional<String> natsUrl,
        boolean natsBindingEnabled,
        Optional<Path> auditLogPath,
        boolean demoCapabilities,
        GatewayLimits limits,
        String adminScope,
        String logLevel,
        Duration drainTimeout,
        StateConfig state,
        Settings settings) {

    static final String AUTH_NONE = "none";
    static final String AUTH_JWT = "jwt";

    static MigdConfig from(Settings settings) {
        String authMode = settings.get("MIGD_AUTH_MODE", AUTH_NONE).trim().toLowerCase(Locale.ROOT);
        if (!authMode.equals(AUTH_NONE) && !authMode.equals(AUTH_JWT)) {
            throw new ConfigException("MIGD_AUTH_MODE: unknown auth mode '" + settings.get("MIGD_AUTH_MODE", "")
                    + "'; expected 'none' or 'jwt'");
        }
        Optional<String> secret = settings.get("MIGD_JWT_HS256_SECRET");
        if (authMode.equals(AUTH_JWT) && secret.isEmpty() && settings.get("MIGD_JWT_JWKS_URL").isEmpty()
                && settings.get("MIGD_JWT_PUBLIC_KEY_FILE").isEmpty()) {
            throw new ConfigException("MIGD_JWT_HS256_SECRET: required when MIGD_AUTH_MODE=jwt"
                    + " (or set MIGD_JWT_JWKS_URL or MIGD_JWT_PUBLIC_KEY_FILE)");
        }
        Optional<Path> audit = settings.get("MIGD_AUDIT_LOG_PATH").map(Path::of);
        audit.ifPresent(MigdConfig::checkWritable);
        long maxDeadline = positiveLong(settings, "MIGD_MAX_DEADLINE_MS", 300_000);
        GatewayLimits limits = GatewayLimits.DEFAULTS
                .withMaxDeadlineMs(maxDeadline)
                .withMaxInflight(positiveInt(settings, "MIGD_MAX_INFLIGHT", 1024))
                .withEventRetention(positiveInt(settings, "MIGD_EVENT_RETENTION", 10_000))
                .withIdempotencyTtl(Duration.ofSeconds(positiveLong(settings, "MIGD_IDEMPOTENCY_TTL_SECONDS", 86_400)))
                .withIdempotencyMaxEntries(positiveInt(settings, "MIGD_IDEMPOTENCY_MAX_ENTRIES", 100_000))
                .withStorage(storageBounds(settings))
                .withRequireTenantHeader(bool(settings, "MIGD_REQUIRE_TENANT_HEADER", false));
        String logLevel = settings.get("MIGD_LOG_LEVEL", "info").trim().toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("trace", "debug", "info", "warn", "error", "off").contains(logLevel)) {
            throw new ConfigException("MIGD_LOG_LEVEL: '" + logLevel + "' is not one of trace, debug, info, warn, error, off");
        }
        StateConfig state = StateConfig.from(settings);
        boolean natsBinding = bool(settings, "MIGD_ENABLE_NATS_BINDING", true);
        return new MigdConfig(authMode, secret, bool(settings, "MIGD_ENABLE_METRICS", true),
                settings.get("MIGD_NATS_URL"), natsBinding, audit,
                bool(settings, "MIGD_DEMO_CAPABILITIES", true), limits,
                settings.get("MIGD_ADMIN_SCOPE", "mig:admin"), logLevel,
                Duration.ofMillis(positiveLong(settings, "MIGD_DRAIN_TIMEOUT_MS", 10_000)), state, settings);
    }

    /** The memory bounds of topics, retained events and idempotency results (docs/SECURITY.md). */
    static StorageBounds storageBounds(Settings settings) {
        StorageBounds d = StorageBounds.DEFAULTS;
        return d.withTopics(positiveInt(settings, "MIGD_MAX_TOPICS_PER_TENANT", d.maxTopicsPerTenant()),
                        positiveInt(settings, "MIGD_MAX_TOPICS", d.maxTopics()))
                .withEventBytes(positiveLong(settings, "MIGD_EVENT_RETENTION_BYTES", d.eventRetentionBytes()),
                        positiveLong(settings, "MIGD_EVENT_MAX_BYTES", d.eventMaxBytes()))
                .withIdempotency(positiveInt(settings, "MIGD_IDEMPOTENCY_MAX_ENTRIES_PER_TENANT", d.idempotencyMaxEntriesPerTenant()),
                        positiveLong(settings, "MIGD_IDEMPOTENCY_MAX_BYTES_PER_TENANT", d.idempotencyMaxBytesPerTenant()),
                        positiveLong(settings, "MIGD_IDEMPOTENCY_MAX_BYTES", d.idempotencyMaxBytes()));
    }

    static boolean bool(Settings settings, String name, boolean fallback) {
        Optional<String> value = settings.get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new ConfigException(name + ": '" + value.get() + "' is not a boolean (true or false)");
        }
    }

    static long positiveLong(Settings settings, String name, long fallback) {
        Optional<String> value = settings.get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.get().trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(name + ": '" + value.get() + "' is not a positive integer");
    }

    static int positiveInt(Settings settings, String name, int fallback) {
        long value = positiveLong(settings, name, fallback);
        if (value > Integer.MAX_VALUE) {
            throw new ConfigException(name + ": " + value + " is too large");
        }
        return (int) value;
    }

    private static void checkWritable(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        if (Files.isDirectory(path) || (Files.exists(path) && !Files.isWritable(path))
                || (!Files.exists(path) && (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)))) {
            throw new ConfigException("MIGD_AUDIT_LOG_PATH: cannot append to " + path);
        }
    }
}
