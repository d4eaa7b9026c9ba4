package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Legacy-era session ids that any instance can check without a session table: the id is the
 * session itself (protocol version, tenant, actor, issue time), signed with HMAC-SHA256. Instances
 * behind one load balancer share the key ({@code MIGD_MCP_SESSION_KEY}); a process without one
 * signs with a random key, so its sessions end when it stops.
 */
final class SessionIds {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** What a session id says once its signature checked out. */
    record Session(String protocolVersion, String tenantId, String actor, long issuedAtSeconds) {
    }

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    SessionIds(byte[] key, Duration ttl, Clock clock) {
        byte[] material = key;
        if (material == null) {
            material = new byte[32];
            new SecureRandom().nextBytes(material);
        }
        this.key = new SecretKeySpec(material, "HmacSHA256");
        this.ttl = ttl;
        this.clock = clock;
    }

    String issue(String protocolVersion, String tenantId, String actor) {
        ObjectNode claims = MigJson.object().put("v", protocolVersion).put("t", tenantId).put("a", actor)
                .put("iat", clock.instant().getEpochSecond());
        String body = B64.encodeToString(MigJson.encode(claims));
        return body + "." + B64.encodeToString(sign(body));
    }

    /**
     * The session of an id that is well formed, correctly signed and not expired; empty otherwise
     * (the transport answers 404 then, and the client starts a new session).
     */
    Optional<Session> verify(String id) {
        if (id == null || id.length() > 1024) {
            return Optional.empty();
        }
        int dot = id.indexOf('.');
        if (dot <= 0 || dot != id.lastIndexOf('.')) {
            return Optional.empty();
        }
        String body = id.substring(0, dot);
        try {
            byte[] signature = B64D.decode(id.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(body))) {
                return Optional.empty();
            }
            JsonNode claims = MigJson.mapper().readTree(B64D.decode(body));
            long issuedAt = claims.path("iat").asLong(Long.MIN_VALUE);
            long now = clock.instant().getEpochSecond();
            if (issuedAt == Long.MIN_VALUE || issuedAt > now + 60 || now - issuedAt > ttl.toSeconds()) {
                return Optional.empty();
            }
            return Optional.of(new Session(claims.path("v").asText(), claims.path("t").asText(),
                    claims.path("a").asText(), issuedAt));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
