package io.mig.admin.identity;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * One public key from a PEM file ({@code MIGD_JWT_PUBLIC_KEY_FILE}): {@code BEGIN PUBLIC KEY}
 * (SubjectPublicKeyInfo) or {@code BEGIN CERTIFICATE}; RSA of 2048 bits or more (RS256) or EC
 * P-256 (ES256). Read once, at start, so a bad file stops the start instead of every request.
 */
final class PemPublicKey implements PublicKeySource {
    private final JWK key;

    private PemPublicKey(JWK key) {
        this.key = key;
    }

    /**
     * Reads the file.
     *
     * @throws IllegalArgumentException saying what is wrong with the file
     */
    static PemPublicKey read(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        if (pem.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException(file + " holds a private key; give only the public key"
                    + " (openssl pkey -in key.pem -pubout)");
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----") && !pem.contains("-----BEGIN PUBLIC KEY-----")) {
            throw new IllegalArgumentException(file + " is not a PEM public key ('BEGIN PUBLIC KEY') or certificate");
        }
        PublicKey publicKey;
        try {
            publicKey = pem.contains("-----BEGIN CERTIFICATE-----")
                    ? CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                            .getPublicKey()
                    : decode(block(pem, "PUBLIC KEY"));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // the JDK's reasons ("IOException: null") help nobody: say what was expected
            throw new IllegalArgumentException(file + " does not hold a readable public key (expected a PEM RSA or EC"
                    + " SubjectPublicKeyInfo or X.509 certificate)");
        }
        return new PemPublicKey(toJwk(file, publicKey));
    }

    @Override
    public List<JWK> candidates(JWSHeader header) {
        // one configured key: a kid in the token is irrelevant
        return KeyRules.usable(key, header.getAlgorithm()) ? List.of(key) : List.of();
    }

    @Override
    public boolean ready() {
        return true;
    }

    private static JWK toJwk(Path file, PublicKey publicKey) {
        if (publicKey instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < KeyRules.MIN_RSA_BITS) {
                throw new IllegalArgumentException(file + " holds an RSA key of " + rsa.getModulus().bitLength()
                        + " bits; at least " + KeyRules.MIN_RSA_BITS + " are required");
            }
            return new RSAKey.Builder(rsa).build();
        }
        if (publicKey instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (!Curve.P_256.equals(curve)) {
                throw new IllegalArgumentException(file + " holds an EC key on " + (curve == null ? "an unknown curve" : curve)
                        + "; ES256 needs P-256");
            }
            return new ECKey.Builder(Curve.P_256, ec).build();
        }
        throw new IllegalArgumentException(file + " holds a " + publicKey.getAlgorithm() + " key; use RSA (RS256) or EC P-256 (ES256)");
    }

    private static String block(String pem, String label) {
        int begin = pem.indexOf("-----BEGIN " + label + "-----");
        int end = pem.indexOf("-----END " + label + "-----", begin);
        if (end < 0) {
            throw new IllegalArgumentException("no END " + label + " line");
        }
        return pem.substring(begin + label.length() + 16, end);
    }

    private static PublicKey decode(String base64) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getMimeDecoder().decode(base64));
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }
}
