package io.mig.binding.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionIdsTest {
    private static final byte[] KEY = "sixteen-byte-key-at-least".getBytes(StandardCharsets.UTF_8);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static SessionIds at(Instant now, byte[] key) {
        return new SessionIds(key, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aSignedIdSaysWhoItIsForOnEveryInstanceWithTheKey() {
        String id = at(T0, KEY).issue("2025-11-25", "acme", "alice");
        var session = at(T0.plusSeconds(60), KEY.clone()).verify(id).orElseThrow();
        assertThat(session.tenantId()).isEqualTo("acme");
        assertThat(session.actor()).isEqualTo("alice");
        assertThat(session.protocolVersion()).isEqualTo("2025-11-25");
    }

    @Test
    void forgedExpiredAndForeignIdsAreRefused() {
        String id = at(T0, KEY).issue("2025-11-25", "acme", "alice");
        assertThat(at(T0, "another-key-of-sixteen-bytes".getBytes(StandardCharsets.UTF_8)).verify(id)).isEmpty();
        assertThat(at(T0.plus(Duration.ofHours(2)), KEY).verify(id)).as("expired").isEmpty();
        String body = id.substring(0, id.indexOf('.'));
        String otherBody = at(T0, KEY).issue("2025-11-25", "globex", "alice");
        assertThat(at(T0, KEY).verify(otherBody.substring(0, otherBody.indexOf('.')) + id.substring(id.indexOf('.'))))
                .as("a signature moved to another body").isEmpty();
        assertThat(at(T0, KEY).verify(body)).isEmpty();
        assertThat(at(T0, KEY).verify("")).isEmpty();
        assertThat(at(T0, KEY).verify("a.b.c")).isEmpty();
        assertThat(at(T0, null).verify(id)).as("a random key of another process").isEmpty();
    }
}
