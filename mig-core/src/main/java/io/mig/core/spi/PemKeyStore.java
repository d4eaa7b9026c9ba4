package io.mig.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS identity from PEM files — a certificate chain and a PKCS#8 private key (RSA, EC or
 * Ed25519) — as a key store. Every binding that serves TLS reads its files here, so that the same
 * files work (and fail with the same message) on every listener.
 */
public final class PemKeyStore {
    /** The alias of the one key entry in the stores this class makes. */
    public static final String ALIAS = "migd";

    // only the block itself: openssl writes "Bag Attributes" lines before it
    private static final Pattern PKCS8 = Pattern.compile("-----BEGIN PRIVATE KEY-----([^-]*)-----END PRIVATE KEY-----");

    private PemKeyStore() {
    }

    /**
     * Loads the PEM files into a PKCS#12 key store with one entry, {@link #ALIAS}, protected by
     * {@code password}. A key that does not belong to the first certificate is refused here: a TLS
     * server would start with it and then fail every handshake.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or parsed, or when
     *                                  the key does not belong to the certificate
     */
    public static KeyStore load(Path certFile, Path keyFile, char[] password) {
        Collection<? extends Certificate> chain = certificates(certFile);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + certFile);
        }
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.iterator().next().getPublicKey())) {
            throw new IllegalArgumentException("the TLS key " + keyFile + " does not belong to the certificate " + certFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS key and certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The certificates of a PEM (or DER) file, e.g. the CAs a server trusts for client certificates.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or parsed
     */
    public static Collection<? extends Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            // the JDK's message names its parser's exceptions, which tell an operator nothing
            throw new IllegalArgumentException("the TLS certificate " + file + " is not a PEM X.509 certificate", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate " + file + why(e), e);
        }
    }

    private static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return " (no such file)";
        }
        return e instanceof AccessDeniedException ? " (permission denied)" : "";
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519
        };
        byte[] probe = "migd tls key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an RSA key with an EC certificate
        }
    }

    private static PrivateKey privateKey(Path keyFile) {
        String pem;
        try {
            pem = Files.readString(keyFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS key " + keyFile + why(e), new UncheckedIOException(e));
        }
        Matcher block = PKCS8.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException("the TLS key " + keyFile
                    + " must be PEM PKCS#8 ('BEGIN PRIVATE KEY'); convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(1).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the TLS key " + keyFile + " is not valid PEM: " + e.getMessage(), e);
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the TLS key " + keyFile + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
