package io.mig.migd;

import io.mig.core.json.MigJson;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs minted with the JDK alone, as any client in any language would make them — independent of
 * the library the gateway verifies them with.
 */
public final class TestTokens {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    /** Claims valid for five minutes: {@code sub}, {@code tenant_id}, {@code exp}, and {@code scope} if given. */
    public static Map<String, Object> claims(String tenant, String subject, String scope) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("tenant_id", tenant);
        claims.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
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

    public static String hs256(String secret, Map<String, Object> claims) {
        return hs256(secret.getBytes(StandardCharsets.UTF_8), claims);
    }

    static String hs256(byte[] secret, Map<String, Object> claims) {
        String input = input("HS256", null, claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + B64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(PrivateKey key, String kid, Map<String, Object> claims) {
        return signed("RS256", "SHA256withRSA", key, kid, claims);
    }

    /** ES256 wants the raw r||s signature, which the JDK gives in the P1363 format. */
    static String es256(PrivateKey key, String kid, Map<String, Object> claims) {
        return signed("ES256", "SHA256withECDSAinP1363Format", key, kid, claims);
    }

    static String none(Map<String, Object> claims) {
        return input("none", null, claims) + ".";
    }

    static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of a DER structure ({@code PUBLIC KEY}, {@code PRIVATE KEY}, {@code CERTIFICATE}). */
    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static String base64url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    private static String signed(String alg, String jca, PrivateKey key, String kid, Map<String, Object> claims) {
        String input = input(alg, kid, claims);
        try {
            Signature signature = Signature.getInstance(jca);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(signature.sign());
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
        return B64URL.encodeToString(MigJson.encode(header)) + "." + B64URL.encodeToString(MigJson.encode(claims));
    }
}
