package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mig.migd.MigdServer.Reply;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
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
        return TestTokens.claims("acme", "alice", "capability:infer");
    }

    @Test
    void jwksThatCannotBeFetchedYetKeepsTheGatewayUnreadyThenServesBothAlgorithms() throws Exception {
        KeyPair rsa = TestTokens.rsaKeys();
        KeyPair ec = TestTokens.ecKeys();
        String jwks = "{\"keys\":[" + rsaJwk("r1", (RSAPublicKey) rsa.getPublic()) + "," + ecJwk("e1", (ECPublicKey) ec.getPublic()) + "]}";
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
            await(() -> fetches.get() > 0, "a first fetch attempt");
            Reply notReady = server.get("/readyz");
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.json().at("/checks/authenticator").asBoolean()).isFalse();
            Reply unavailable = server.post(INFER, BODY, "Authorization", "Bearer " + TestTokens.rs256(rsa.getPrivate(), "r1", claims()));
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.errorCode()).isEqualTo("MIG_UNAVAILABLE");
            assertThat(unavailable.json().at("/error/retryable").asBoolean()).isTrue();
            assertThat(server.post(INFER, BODY, "X-Tenant-ID", "acme").status()).as("no token is still 401").isEqualTo(401);

            status.set(200);
            await(() -> server.get("/readyz").status() == 200, "readiness once the key set loaded");

            Reply byRsa = server.post(INFER, BODY, "Authorization", "Bearer " + TestTokens.rs256(rsa.getPrivate(), "r1", claims()));
            assertThat(byRsa.status()).as(byRsa.body()).isEqualTo(200);
            assertThat(byRsa.json().at("/payload/result").asText()).isEqualTo("hi");
            Reply byEc = server.post(INFER, BODY, "Authorization", "Bearer " + TestTokens.es256(ec.getPrivate(), "e1", claims()));
            assertThat(byEc.status()).as(byEc.body()).isEqualTo(200);
            Reply unknownKey = server.post(INFER, BODY, "Authorization",
                    "Bearer " + TestTokens.rs256(TestTokens.rsaKeys().getPrivate(), "r1", claims()));
            assertThat(unknownKey.status()).isEqualTo(401);
            Reply hs = server.post(INFER, BODY, "Authorization", "Bearer " + TestTokens.hs256(jwks, claims()));
            assertThat(hs.status()).as("HS256 is not accepted with public keys only").isEqualTo(401);
        } finally {
            idp.stop(0);
        }
    }

    @Test
    void es256FromAPemPublicKeyFile() throws Exception {
        KeyPair ec = TestTokens.ecKeys();
        Path pem = Files.writeString(dir.resolve("ec.pem"), TestTokens.pem("PUBLIC KEY", ec.getPublic().getEncoded()));
        try (MigdServer server = MigdServer.start(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_PUBLIC_KEY_FILE", pem.toString()))) {
            assertThat(server.get("/readyz").status()).isEqualTo(200);
            Reply ok = server.post(INFER, BODY, "Authorization", "Bearer " + TestTokens.es256(ec.getPrivate(), null, claims()));
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            Reply other = server.post(INFER, BODY, "Authorization",
                    "Bearer " + TestTokens.es256(TestTokens.ecKeys().getPrivate(), null, claims()));
            assertThat(other.status()).isEqualTo(401);
            assertThat(other.errorCode()).isEqualTo("MIG_UNAUTHORIZED");
        }
    }

    static String rsaJwk(String kid, RSAPublicKey key) {
        return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" + unsigned(key.getModulus(), 0)
                + "\",\"e\":\"" + unsigned(key.getPublicExponent(), 0) + "\"}";
    }

    static String ecJwk(String kid, ECPublicKey key) {
        return "{\"kty\":\"EC\",\"kid\":\"" + kid + "\",\"crv\":\"P-256\",\"x\":\"" + unsigned(key.getW().getAffineX(), 32)
                + "\",\"y\":\"" + unsigned(key.getW().getAffineY(), 32) + "\"}";
    }

    /** Big-endian without a sign byte, left-padded to {@code length} when given. */
    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length > bytes.length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return TestTokens.base64url(bytes);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
