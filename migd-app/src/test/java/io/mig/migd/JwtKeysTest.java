package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mig.core.testing.Await;
import io.mig.core.testing.Jwts;
import io.mig.migd.MigdServer.Reply;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RS256 and ES256 in a real migd: keys from a JWKS URL (served by the test) or from a PEM file. */
class JwtKeysTest {
    static final String INFER = "/mig/v0.1/invoke/observatory.models.infer";
    static final String BODY = "{\"payload\":{\"input\":\"hi\"}}";

    @TempDir
    Path dir;

    static Map<String, Object> claims() {
        return Jwts.claims("acme", "alice", "capability:infer");
    }

    @Test
    void jwksThatCannotBeFetchedYetKeepsTheGatewayUnreadyThenServesBothAlgorithms() throws Exception {
        KeyPair rsa = Jwts.rsaKeys();
        KeyPair ec = Jwts.ecKeys();
        Map<String, PublicKey> published = new LinkedHashMap<>();
        published.put("r1", rsa.getPublic());
        published.put("e1", ec.getPublic());
        String jwks = Jwts.jwks(published);
        AtomicInteger status = new AtomicInteger(503);
        AtomicInteger fetches = new AtomicInteger();
        HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = (status.get() == 200 ? jwks : "{\"error\":\"warming up\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        idp.start();
        String url = "http://127.0.0.1:" + idp.getAddress().getPort() + "/.well-known/jwks.json";
        try (MigdServer server = MigdServer.start(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_JWKS_URL", url))) {
            Await.until(Duration.ofSeconds(15), () -> fetches.get() > 0, "a first fetch attempt");
            Reply notReady = server.get("/readyz");
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.json().at("/checks/authenticator").asBoolean()).isFalse();
            Reply unavailable = server.post(INFER, BODY, "Authorization", "Bearer " + Jwts.rs256(rsa.getPrivate(), "r1", claims()));
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.errorCode()).isEqualTo("MIG_UNAVAILABLE");
            assertThat(unavailable.json().at("/error/retryable").asBoolean()).isTrue();
            assertThat(server.post(INFER, BODY, "X-Tenant-ID", "acme").status()).as("no token is still 401").isEqualTo(401);

            status.set(200);
            Await.until(Duration.ofSeconds(15), () -> server.get("/readyz").status() == 200, "readiness once the key set loaded");

            Reply byRsa = server.post(INFER, BODY, "Authorization", "Bearer " + Jwts.rs256(rsa.getPrivate(), "r1", claims()));
            assertThat(byRsa.status()).as(byRsa.body()).isEqualTo(200);
            assertThat(byRsa.json().at("/payload/result").asText()).isEqualTo("hi");
            Reply byEc = server.post(INFER, BODY, "Authorization", "Bearer " + Jwts.es256(ec.getPrivate(), "e1", claims()));
            assertThat(byEc.status()).as(byEc.body()).isEqualTo(200);
            Reply unknownKey = server.post(INFER, BODY, "Authorization",
                    "Bearer " + Jwts.rs256(Jwts.rsaKeys().getPrivate(), "r1", claims()));
            assertThat(unknownKey.status()).isEqualTo(401);
            Reply hs = server.post(INFER, BODY, "Authorization", "Bearer " + Jwts.hs256(jwks, claims()));
            assertThat(hs.status()).as("HS256 is not accepted with public keys only").isEqualTo(401);
        } finally {
            idp.stop(0);
        }
    }

    @Test
    void es256FromAPemPublicKeyFile() throws Exception {
        KeyPair ec = Jwts.ecKeys();
        Path pem = Files.writeString(dir.resolve("ec.pem"), Jwts.pem("PUBLIC KEY", ec.getPublic().getEncoded()));
        try (MigdServer server = MigdServer.start(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_PUBLIC_KEY_FILE", pem.toString()))) {
            assertThat(server.get("/readyz").status()).isEqualTo(200);
            Reply ok = server.post(INFER, BODY, "Authorization", "Bearer " + Jwts.es256(ec.getPrivate(), null, claims()));
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            Reply other = server.post(INFER, BODY, "Authorization",
                    "Bearer " + Jwts.es256(Jwts.ecKeys().getPrivate(), null, claims()));
            assertThat(other.status()).isEqualTo(401);
            assertThat(other.errorCode()).isEqualTo("MIG_UNAUTHORIZED");
        }
    }
}
