package io.mig.admin.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Which public key may check which token. A key serves exactly one algorithm family — RSA keys
 * RS256, P-256 keys ES256 — and only when its own {@code use} and {@code alg} (if it names them)
 * agree. Symmetric keys published in a key set are never used: an HMAC secret must be configured,
 * not downloaded.
 */
final class KeyRules {
    static final int MIN_RSA_BITS = 2048;

    private KeyRules() {
    }

    /** True when {@code key} may verify a token signed with {@code alg}. */
    static boolean usable(JWK key, JWSAlgorithm alg) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return false;
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
            return false;
        }
        if (JWSAlgorithm.RS256.equals(alg)) {
            return key instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS;
        }
        if (JWSAlgorithm.ES256.equals(alg)) {
            return key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
        }
        return false;
    }

    /** A verifier for a usable public key; null when the key cannot be turned into one. */
    static JWSVerifier verifier(JWK key) {
        try {
            if (key instanceof RSAKey rsa) {
                return new RSASSAVerifier(rsa.toRSAPublicKey());
            }
            if (key instanceof ECKey ec) {
                return new ECDSAVerifier(ec.toECPublicKey());
            }
        } catch (JOSEException e) {
            return null;
        }
        return null;
    }
}
