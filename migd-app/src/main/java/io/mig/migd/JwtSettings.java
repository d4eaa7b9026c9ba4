package io.mig.migd;

import io.mig.admin.identity.JwtAuthenticator;
import io.mig.core.spi.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Auth mode {@code jwt} from the environment (SPEC §3.2, §9): {@code MIGD_JWT_HS256_SECRET},
 * {@code MIGD_JWT_JWKS_URL} or {@code MIGD_JWT_PUBLIC_KEY_FILE}, {@code MIGD_JWT_ISSUER},
 * {@code MIGD_JWT_AUDIENCE}. Anything that cannot work is a {@link ConfigException} naming the
 * variable; a JWKS that cannot be fetched yet is not (the gateway starts and is not ready).
 */
final class JwtSettings {
    static final String SECRET = "MIGD_JWT_HS256_SECRET";
    static final String JWKS_URL = "MIGD_JWT_JWKS_URL";
    static final String PUBLIC_KEY_FILE = "MIGD_JWT_PUBLIC_KEY_FILE";
    private static final System.Logger LOG = System.getLogger("migd");

    private JwtSettings() {
    }

    static JwtAuthenticator authenticator(Settings settings) {
        JwtAuthenticator.Builder builder = JwtAuthenticator.builder()
                .issuer(settings.get("MIGD_JWT_ISSUER").orElse(null))
                .audience(settings.get("MIGD_JWT_AUDIENCE").orElse(null));
        var secret = settings.get(SECRET);
        var jwks = settings.get(JWKS_URL);
        var keyFile = settings.get(PUBLIC_KEY_FILE);
        if (secret.isEmpty() && jwks.isEmpty() && keyFile.isEmpty()) {
            throw new ConfigException(SECRET + ": required when MIGD_AUTH_MODE=jwt (or set " + JWKS_URL + " or "
                    + PUBLIC_KEY_FILE + ")");
        }
        if (jwks.isPresent() && keyFile.isPresent()) {
            throw new ConfigException(JWKS_URL + ": set either " + JWKS_URL + " or " + PUBLIC_KEY_FILE + ", not both");
        }
        secret.ifPresent(builder::hs256Secret);
        if (jwks.isPresent()) {
            try {
                builder.jwksUrl(jwks.get());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(JWKS_URL + ": " + e.getMessage());
            }
        }
        if (keyFile.isPresent()) {
            builder.publicKeyFile(readable(keyFile.get()));
        }
        JwtAuthenticator authenticator;
        try {
            authenticator = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PUBLIC_KEY_FILE + ": " + e.getMessage());
        }
        warnAboutWeakSettings(builder, jwks.orElse(null));
        return authenticator;
    }

    private static Path readable(String value) {
        try {
            Path path = Path.of(value);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ConfigException(PUBLIC_KEY_FILE + ": cannot read " + value);
            }
            return path;
        } catch (InvalidPathException e) {
            throw new ConfigException(PUBLIC_KEY_FILE + ": '" + value + "' is not a valid path");
        }
    }

    private static void warnAboutWeakSettings(JwtAuthenticator.Builder builder, String jwksUrl) {
        if (builder.weakSecret()) {
            LOG.log(System.Logger.Level.WARNING, SECRET + " is shorter than 32 bytes: fine for trying migd out,"
                    + " but use a long random secret (e.g. openssl rand -base64 48) in production");
        }
        if (jwksUrl != null) {
            URI uri = URI.create(jwksUrl.trim());
            if (uri.getScheme().equalsIgnoreCase("http") && !loopback(uri.getHost())) {
                LOG.log(System.Logger.Level.WARNING, JWKS_URL + " uses plain http: the signing keys can be"
                        + " tampered with on the way; use https");
            }
        }
    }

    /** By name only: no DNS lookup at start. */
    private static boolean loopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }
}
