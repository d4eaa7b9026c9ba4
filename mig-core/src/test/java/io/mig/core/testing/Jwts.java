package io.mig.core.testing;

import io.mig.core.json.MigJson;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one JWT fixture of the tests: keys, JWKS, and tokens minted with the JDK alone, as any client
 * in any language would make them — independent of the library the gateway verifies them with (so a
 * bug there cannot hide behind the same bug here).
 *
 * <pre>{@code
 * String token = Jwts.hs256(SECRET, Jwts.claims("acme", "alice", "capability:infer"));
 * String expired = Jwts.hs256(SECRET, Jwts.claims("acme", "alice", null, Instant.now().minusSeconds(90)));
 * String forMcp = Jwts.hs256(SECRET, Jwts.forAudience(Jwts.claims("acme", "alice", "mcp:tools"), "https://migd.example/mcp"));
 * KeyPair rsa = Jwts.rsaKeys();
 * String jwks = Jwts.jwks(Map.of("r1", rsa.getPublic()));
 * String signed = Jwts.rs256(rsa.getPrivate(), "r1", Jwts.claims("acme", "alice", null));
 * }</pre>
 *
 * <p>It lives in {@code mig-core}'s test jar because that is the one test fixture every module
 * reaches ({@code mig-admin} cannot see {@code migd-app}'s), and it needs nothing but the JDK and
 * Jackson.
 */
public final class Jwts {
    /** How long {@link #claims(String, String, String)} makes a token valid. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {
    }

    /** Claims valid for {@link #LIFETIME}: {@code sub}, {@code tenant_id}, {@code exp}, and {@code scope} if given. */
    public static Map<String, Object> claims(String tenant, String subject, String scope) {
        return claims(tenant, subject, scope, Instant.now().plus(LIFETIME));
    }

    /** As {@link #claims(String, String, String)}, expiring at {@code expiry} (past for an expired token). */
    public static Map<String, Object> claims(String tenant, String subject, String scope, Instant expiry) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("tenant_id", tenant);
        claims.put("exp", expiry.getEpochSecond());
        if (scope != null) {
            claims.put("scope", scope);
        }
        return claims;
    }

    /** A copy with {@code name} set to {@code value}, or removed when {@code value} is null. */
    public static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    /** A copy for {@code audience} ({@code aud}; a string, or a list for several). */
    public static Map<String, Object> forAudience(Map<String, Object> claims, Object audience) {
        return with(claims, "aud", audience);
    }

    /** HS256 with the UTF-8 bytes of {@code secret}. */
    public static String hs256(String secret, Map<String, Object> claims) {
        return hs256(secret.getBytes(StandardCharsets.UTF_8), claims);
    }

    /** HS256 with the raw bytes of {@code secret}, whatever their length (no padding by the signer). */
    public static String hs256(byte[] secret, Map<String, Object> claims) {
        String input = input("HS256", null, claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + base64url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256; {@code kid} goes into the header when not null. */
    public static String rs256(PrivateKey key, String kid, Map<String, Object> claims) {
        return signed("RS256", "SHA256withRSA", key, kid, claims);
    }

    /** ES256 wants the raw r||s signature, which the JDK gives in the P1363 format. */
    public static String es256(PrivateKey key, String kid, Map<String, Object> claims) {
        return signed("ES256", "SHA256withECDSAinP1363Format", key, kid, claims);
    }

    /** An unsigned token ({@code alg: none}), which a gateway must refuse. */
    public static String none(Map<String, Object> claims) {
        return input("none", null, claims) + ".";
    }

    /** {@code token} with its claims replaced by {@code claims} and its signature kept: a forgery. */
    public static String forged(String token, Map<String, Object> claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + base64url(MigJson.encode(claims)) + "." + parts[2];
    }

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair rsaKeys() {
        return generate("RSA", generator -> generator.initialize(2048));
    }

    /** A fresh P-256 key pair. */
    public static KeyPair ecKeys() {
        return generate("EC", generator -> generator.initialize(new ECGenParameterSpec("secp256r1")));
    }

    /** A JWKS document ({@code {"keys":[…]}}) publishing these public keys (RSA or P-256) under their ids. */
    public static String jwks(Map<String, PublicKey> keysById) {
        List<String> keys = new ArrayList<>();
        keysById.forEach((kid, key) -> keys.add(jwk(kid, key)));
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    /** One JWK of an RSA or P-256 public key. */
    public static String jwk(String kid, PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                    + unsigned(rsa.getModulus(), 0) + "\",\"e\":\"" + unsigned(rsa.getPublicExponent(), 0) + "\"}";
        }
        if (key instanceof ECPublicKey ec) {
            return "{\"kty\":\"EC\",\"kid\":\"" + kid + "\",\"crv\":\"P-256\",\"x\":\"" + unsigned(ec.getW().getAffineX(), 32)
                    + "\",\"y\":\"" + unsigned(ec.getW().getAffineY(), 32) + "\"}";
        }
        throw new IllegalArgumentException("no JWK for a " + key.getAlgorithm() + " key");
    }

    /** PEM of a DER structure ({@code PUBLIC KEY}, {@code PRIVATE KEY}, {@code CERTIFICATE}). */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Base64url without padding, as JWT segments are written. */
    public static String base64url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    private interface Initializer {
        void initialize(KeyPairGenerator generator) throws Exception;
    }

    private static KeyPair generate(String algorithm, Initializer initializer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            initializer.initialize(generator);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Big-endian without a sign byte, left-padded to {@code length} when given (JWK coordinates are fixed-size). */
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
        return base64url(bytes);
    }

    private static String signed(String alg, String jca, PrivateKey key, String kid, Map<String, Object> claims) {
        String input = input(alg, kid, claims);
        try {
            Signature signature = Signature.getInstance(jca);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64url(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String input(String alg, String kid, Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        return base64url(MigJson.encode(header)) + "." + base64url(MigJson.encode(claims));
    }
}
