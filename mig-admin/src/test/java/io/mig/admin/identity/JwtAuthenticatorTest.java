package io.mig.admin.identity;

import static io.mig.core.testing.Jwts.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.port.in.Credentials;
import io.mig.core.port.in.Principal;
import io.mig.core.testing.Jwts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static RSAKey rsa;
    private static ECKey ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).generate();
        ec = new ECKeyGenerator(Curve.P_256).generate();
    }

    /** Claims valid at {@link #NOW} (the clock of these tests) for tenant acme. */
    private static Map<String, Object> claims() {
        return Jwts.claims("acme", "alice", null, NOW.plusSeconds(600));
    }

    private static JwtAuthenticator hs(String secret) {
        return JwtAuthenticator.builder().hs256Secret(secret).clock(CLOCK).build();
    }

    private static Principal auth(JwtAuthenticator jwt, String token) {
        return jwt.authenticate(new Credentials(token, null, "mallory"));
    }

    private static void refused(JwtAuthenticator jwt, String token, String why) {
        assertThatThrownBy(() -> auth(jwt, token))
                .isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAUTHORIZED);
                    assertThat(e.getMessage()).contains(why);
                });
    }

    @Test
    void aHeaderThatIsJsonNullIsRefusedNotAServerError() {
        // found by JwtHeaderFuzzTest: base64url("null") as the header made the parser throw NullPointerException
        refused(hs("supersecret"), "bnVsbA.eyJhbGciOiJIUzI1NiJ9", "not a well-formed JWT");
    }

    @Test
    void shortSecretOfTheGuideVerifiesTokensSignedWithTheUnpaddedSecret() {
        JwtAuthenticator jwt = hs("supersecret");
        Principal principal = auth(jwt, Jwts.hs256("supersecret", with(claims(), "scope", "capability:infer mig:admin")));
        assertThat(principal.tenantId()).isEqualTo("acme");
        assertThat(principal.actor()).as("sub, never the X-Actor hint").isEqualTo("alice");
        assertThat(principal.scopes()).containsExactlyInAnyOrder("capability:infer", "mig:admin");
        assertThat(principal.tenantBound()).isTrue();
        assertThat(principal.scopesEnforced()).isTrue();
        assertThat(JwtAuthenticator.builder().hs256Secret("supersecret").weakSecret()).isTrue();
        assertThat(JwtAuthenticator.builder().hs256Secret("x".repeat(32)).weakSecret()).isFalse();
    }

    @Test
    void longSecretsWorkToo() {
        String secret = "k".repeat(80); // longer than the HMAC block: hashed by HMAC itself
        assertThat(auth(hs(secret), Jwts.hs256(secret, claims())).tenantId()).isEqualTo("acme");
    }

    @Test
    void scopesComeFromScopeAndScopesInEitherShape() {
        JwtAuthenticator jwt = hs("supersecret");
        Map<String, Object> both = with(with(claims(), "scope", "a b"), "scopes", List.of("c", "d"));
        assertThat(auth(jwt, Jwts.hs256("supersecret", both)).scopes()).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(auth(jwt, Jwts.hs256("supersecret", with(claims(), "scope", List.of("x")))).scopes()).containsExactly("x");
        assertThat(auth(jwt, Jwts.hs256("supersecret", claims())).scopes()).isEmpty();
        refused(jwt, Jwts.hs256("supersecret", with(claims(), "scopes", 42)), "scopes claim");
    }

    @Test
    void tenantComesFromTenantIdOrTenant() {
        JwtAuthenticator jwt = hs("supersecret");
        assertThat(auth(jwt, Jwts.hs256("supersecret", with(with(claims(), "tenant_id", null), "tenant", "globex")))
                .tenantId()).isEqualTo("globex");
        refused(jwt, Jwts.hs256("supersecret", with(claims(), "tenant_id", null)), "names no tenant");
        refused(jwt, Jwts.hs256("supersecret", with(claims(), "tenant", "globex")), "disagree");
        refused(jwt, Jwts.hs256("supersecret", with(claims(), "tenant_id", "a b")), "not a valid tenant");
        refused(jwt, Jwts.hs256("supersecret", with(claims(), "tenant_id", 7)), "not a valid tenant");
    }

    @Test
    void expiryIsRequiredAndEnforcedWithSixtySecondsOfSkew() {
        JwtAuthenticator jwt = hs("supersecret");
        refused(jwt, Jwts.hs256("supersecret", with(claims(), "exp", null)), "no expiry");
        refused(jwt, Jwts.hs256("supersecret", with(claims(), "exp", NOW.minusSeconds(61).getEpochSecond())), "expired");
        refused(jwt, Jwts.hs256("supersecret", with(claims(), "exp", "tomorrow")), "malformed");
        assertThat(auth(jwt, Jwts.hs256("supersecret", with(claims(), "exp", NOW.minusSeconds(59).getEpochSecond()))))
                .as("within the skew").isNotNull();
    }

    @Test
    void notBeforeIsEnforcedWithSkew() {
        JwtAuthenticator jwt = hs("supersecret");
        refused(jwt, Jwts.hs256("supersecret", with(claims(), "nbf", NOW.plusSeconds(61).getEpochSecond())), "not valid yet");
        assertThat(auth(jwt, Jwts.hs256("supersecret", with(claims(), "nbf", NOW.plusSeconds(59).getEpochSecond()))))
                .isNotNull();
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() {
        JwtAuthenticator jwt = JwtAuthenticator.builder().hs256Secret("supersecret").issuer("https://idp.example")
                .audience("migd").clock(CLOCK).build();
        Map<String, Object> good = with(with(claims(), "iss", "https://idp.example"), "aud", "migd");
        assertThat(auth(jwt, Jwts.hs256("supersecret", good)).tenantId()).isEqualTo("acme");
        assertThat(auth(jwt, Jwts.hs256("supersecret", with(good, "aud", List.of("other", "migd"))))).isNotNull();
        refused(jwt, Jwts.hs256("supersecret", with(good, "iss", "https://evil.example")), "expected issuer");
        refused(jwt, Jwts.hs256("supersecret", with(good, "iss", null)), "expected issuer");
        refused(jwt, Jwts.hs256("supersecret", with(good, "aud", "other")), "audience");
        refused(jwt, Jwts.hs256("supersecret", with(good, "aud", null)), "audience");
    }

    @Test
    void badTokensAreRefused() throws Exception {
        JwtAuthenticator jwt = hs("supersecret");
        refused(jwt, null, "bearer token is required");
        refused(jwt, "not-a-jwt", "not a well-formed JWT");
        refused(jwt, Jwts.none(claims()), "alg 'none'");
        refused(jwt, Jwts.hs256("wrongsecret", claims()), "signature is not valid");
        refused(jwt, Jwts.rs256(rsa.toPrivateKey(), null, claims()), "RS256 are not accepted");
        refused(jwt, "a".repeat(JwtAuthenticator.MAX_TOKEN_CHARS + 1), "too long");
        // a valid token whose payload was swapped after signing
        String forged = Jwts.forged(Jwts.hs256("supersecret", claims()), with(claims(), "tenant_id", "globex"));
        refused(jwt, forged, "signature is not valid");
    }

    @Test
    void rs256FromPemRejectsAlgorithmConfusion() throws Exception {
        Path pem = write("rsa.pem", pem("PUBLIC KEY", rsa.toRSAPublicKey().getEncoded()));
        JwtAuthenticator jwt = JwtAuthenticator.builder().publicKeyFile(pem).clock(CLOCK).build();
        assertThat(jwt.ready()).isTrue();
        assertThat(auth(jwt, Jwts.rs256(rsa.toPrivateKey(), "any-kid", claims())).tenantId()).isEqualTo("acme");
        refused(jwt, Jwts.rs256(Jwts.rsaKeys().getPrivate(), null, claims()), "signature is not valid");
        // the classic confusion: an HS256 token "signed" with the server's public key as the HMAC secret
        refused(jwt, Jwts.hs256(Files.readAllBytes(pem), claims()), "HS256 are not accepted");
        refused(jwt, Jwts.hs256(rsa.toRSAPublicKey().getEncoded(), claims()), "HS256 are not accepted");
        refused(jwt, Jwts.es256(ec.toPrivateKey(), null, claims()), "signature is not valid");
    }

    @Test
    void es256FromPemWorks() throws Exception {
        Path pem = write("ec.pem", pem("PUBLIC KEY", ec.toECPublicKey().getEncoded()));
        JwtAuthenticator jwt = JwtAuthenticator.builder().publicKeyFile(pem).clock(CLOCK).build();
        assertThat(auth(jwt, Jwts.es256(ec.toPrivateKey(), null, claims())).actor()).isEqualTo("alice");
        refused(jwt, Jwts.rs256(rsa.toPrivateKey(), null, claims()), "signature is not valid");
    }

    @Test
    void unusablePemFilesAreExplained() throws Exception {
        assertThatThrownBy(() -> JwtAuthenticator.builder().publicKeyFile(dir.resolve("missing.pem")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
        Path privateKey = write("key.pem", pem("PRIVATE KEY", rsa.toRSAPrivateKey().getEncoded()));
        assertThatThrownBy(() -> JwtAuthenticator.builder().publicKeyFile(privateKey).build())
                .hasMessageContaining("private key");
        Path garbage = write("garbage.pem", "hello");
        assertThatThrownBy(() -> JwtAuthenticator.builder().publicKeyFile(garbage).build())
                .hasMessageContaining("not a PEM public key");
        Path broken = write("broken.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> JwtAuthenticator.builder().publicKeyFile(broken).build())
                .hasMessageContaining("does not hold a readable public key");
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        Path weak = write("weak.pem", pem("PUBLIC KEY", small.generateKeyPair().getPublic().getEncoded()));
        assertThatThrownBy(() -> JwtAuthenticator.builder().publicKeyFile(weak).build()).hasMessageContaining("1024 bits");
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        Path curve = write("p384.pem", pem("PUBLIC KEY", p384.generateKeyPair().getPublic().getEncoded()));
        assertThatThrownBy(() -> JwtAuthenticator.builder().publicKeyFile(curve).build()).hasMessageContaining("P-256");
    }

    @Test
    void builderRefusesIncompleteConfiguration() {
        assertThatThrownBy(() -> JwtAuthenticator.builder().build()).hasMessageContaining("no key configured");
        assertThatThrownBy(() -> JwtAuthenticator.builder().hs256Secret("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> JwtAuthenticator.builder().jwksUrl("not a url")).hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> JwtAuthenticator.builder().jwksUrl("ftp://idp/keys")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> JwtAuthenticator.builder().jwksUrl("/keys")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> JwtAuthenticator.builder().jwksUrl("http://127.0.0.1:1/jwks")
                .publicKeyFile(dir.resolve("k.pem")).build()).hasMessageContaining("not both");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
