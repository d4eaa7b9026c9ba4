package io.mig.admin.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.port.in.Credentials;
import io.mig.core.testing.Await;
import io.mig.core.testing.Jwts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWKS loading against a real HTTP server on loopback. */
class JwksKeySourceTest {
    private static RSAKey rsa;
    private static ECKey ec;
    private static RSAKey rotated;

    private HttpServer server;
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private JwtAuthenticator jwt;

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    }

    @BeforeEach
    void serve() throws Exception {
        publish(rsa, ec);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (jwt != null) {
            jwt.close();
        }
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    private void publish(JWK... keys) {
        published.set(new JWKSet(List.of(keys)).toString(true)); // public parts only, as an IdP publishes
    }

    private JwtAuthenticator start(Duration minRefresh) {
        jwt = JwtAuthenticator.builder().jwksUrl(url()).jwksMinRefresh(minRefresh).build();
        return jwt;
    }

    private static String auth(JwtAuthenticator jwt, String token) {
        return jwt.authenticate(new Credentials(token, null, null)).tenantId();
    }

    /** Claims valid now (the JWKS tests run on the real clock). */
    private static java.util.Map<String, Object> valid() {
        return Jwts.claims("acme", "alice", null, Instant.now().plusSeconds(300));
    }

    private static void awaitReady(JwtAuthenticator jwt) {
        Await.until(Duration.ofSeconds(10), jwt::ready, "JWKS loaded");
    }

    @Test
    void rs256AndEs256TokensVerifyWithThePublishedKeys() throws Exception {
        JwtAuthenticator jwt = start(Duration.ofSeconds(10));
        awaitReady(jwt);
        assertThat(auth(jwt, Jwts.rs256(rsa.toPrivateKey(), "rsa-1", valid()))).isEqualTo("acme");
        assertThat(auth(jwt, Jwts.es256(ec.toPrivateKey(), "ec-1", valid()))).isEqualTo("acme");
        assertThat(auth(jwt, Jwts.es256(ec.toPrivateKey(), null, valid()))).as("no kid: every usable key is tried").isEqualTo("acme");
        assertThatThrownBy(() -> auth(jwt, Jwts.rs256(rsa.toPrivateKey(), "ec-1", valid())))
                .as("a kid naming a key of the other family").isInstanceOf(MigException.class)
                .hasMessageContaining("signature is not valid");
    }

    @Test
    void anUnavailableKeySetMakesTheGatewayNotReadyUntilItLoads() throws Exception {
        status.set(503);
        JwtAuthenticator jwt = start(Duration.ofSeconds(10));
        Await.until(Duration.ofSeconds(5), () -> fetches.get() > 0, "a first fetch attempt");
        assertThat(jwt.ready()).isFalse();
        assertThatThrownBy(() -> auth(jwt, Jwts.rs256(rsa.toPrivateKey(), "rsa-1", valid())))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE));
        assertThatThrownBy(() -> auth(jwt, Jwts.hs256("x".repeat(40), valid())))
                .as("no HS256 secret configured").isInstanceOfSatisfying(MigException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAUTHORIZED));
        status.set(200);
        awaitReady(jwt); // retried in the background
        assertThat(auth(jwt, Jwts.rs256(rsa.toPrivateKey(), "rsa-1", valid()))).isEqualTo("acme");
    }

    @Test
    void anUnknownKidRefreshesTheSetAtABoundedRate() throws Exception {
        // the interval must outlast the burst below on a loaded machine; the tokens are signed
        // beforehand, so the burst is only verification
        Duration minRefresh = Duration.ofSeconds(2);
        List<String> madeUp = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            madeUp.add(Jwts.rs256(rsa.toPrivateKey(), "made-up-" + i, valid()));
        }
        String rotatedToken = Jwts.rs256(rotated.toPrivateKey(), "rsa-2", valid());
        JwtAuthenticator jwt = start(minRefresh);
        awaitReady(jwt);
        Thread.sleep(minRefresh.toMillis() + 100);
        publish(rsa, ec, rotated);
        int before = fetches.get();
        assertThat(auth(jwt, rotatedToken)).as("rotated key found by a refresh").isEqualTo("acme");
        assertThat(fetches.get()).isEqualTo(before + 1);
        // a burst of made-up key ids right after: no new fetch within the minimum interval
        for (String token : madeUp) {
            assertThatThrownBy(() -> auth(jwt, token)).hasMessageContaining("signature is not valid");
        }
        assertThat(fetches.get()).isEqualTo(before + 1);
    }

    @Test
    void symmetricKeysInTheSetAreNeverUsed() throws Exception {
        OctetSequenceKey oct = new OctetSequenceKeyGenerator(256).keyID("oct-1").generate();
        // a misconfigured IdP that publishes a shared secret beside its public key
        published.set("{\"keys\":[" + rsa.toPublicJWK().toJSONString() + "," + oct.toJSONString() + "]}");
        JwtAuthenticator jwt = start(Duration.ofSeconds(10));
        awaitReady(jwt);
        assertThatThrownBy(() -> auth(jwt, Jwts.hs256(oct.toByteArray(), valid())))
                .hasMessageContaining("HS256 are not accepted");
        jwt.close();
        // with a configured secret too, HS256 tokens are checked against that secret only
        JwtAuthenticator both = JwtAuthenticator.builder().hs256Secret("s".repeat(40)).jwksUrl(url()).build();
        this.jwt = both;
        awaitReady(both);
        assertThatThrownBy(() -> auth(both, Jwts.hs256(oct.toByteArray(), valid())))
                .hasMessageContaining("signature is not valid");
        assertThat(auth(both, Jwts.hs256("s".repeat(40), valid()))).isEqualTo("acme");
    }
}
