package io.mig.admin.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Token minting for the identity tests: HMAC by hand (as any client would), RSA and EC with nimbus. */
final class Jwts {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private Jwts() {
    }

    /** Claims valid at {@link #NOW} for tenant acme. */
    static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "alice");
        claims.put("tenant_id", "acme");
        claims.put("exp", NOW.plusSeconds(600).getEpochSecond());
        return claims;
    }

    static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    /** HS256 with the raw bytes of {@code secret}, whatever their length (no padding by the signer). */
    static String hs256(byte[] secret, Map<String, Object> claims) {
        String input = segment("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + segment(json(claims));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(String secret, Map<String, Object> claims) {
        return hs256(secret.getBytes(StandardCharsets.UTF_8), claims);
    }

    static String none(Map<String, Object> claims) {
        return segment("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + segment(json(claims)) + ".";
    }

    static String rs256(RSAKey key, String kid, Map<String, Object> claims) {
        return signed(JWSAlgorithm.RS256, kid, claims, header -> new RSASSASigner(key).sign(header, input(header, claims)));
    }

    static String es256(ECKey key, String kid, Map<String, Object> claims) {
        return signed(JWSAlgorithm.ES256, kid, claims, header -> new ECDSASigner(key).sign(header, input(header, claims)));
    }

    private interface Signer {
        com.nimbusds.jose.util.Base64URL sign(JWSHeader header) throws JOSEException;
    }

    private static String signed(JWSAlgorithm alg, String kid, Map<String, Object> claims, Signer signer) {
        JWSHeader header = new JWSHeader.Builder(alg).keyID(kid).build();
        try {
            return new String(input(header, claims), StandardCharsets.US_ASCII) + "." + signer.sign(header);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] input(JWSHeader header, Map<String, Object> claims) {
        return (header.toBase64URL() + "." + segment(json(claims))).getBytes(StandardCharsets.US_ASCII);
    }

    static String segment(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String json(Map<String, Object> claims) {
        try {
            return io.mig.core.json.MigJson.mapper().writeValueAsString(claims);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
