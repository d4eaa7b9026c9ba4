package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** HTTPS from PEM files: a certificate chain and a PKCS#8 private key (RSA or EC). */
final class Tls {
    private Tls() {
    }

    static void addHttpsConnector(JavalinConfig config, HttpOptions options) {
        char[] password = java.util.UUID.randomUUID().toString().toCharArray();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore(options.tlsCertFile(), options.tlsKeyFile(), password));
        ssl.setKeyStorePassword(new String(password));
        config.jetty.addConnector((server, httpConfig) -> {
            HttpConfiguration https = new HttpConfiguration(httpConfig);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            ServerConnector connector = new ServerConnector(server,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
            connector.setHost(options.host());
            connector.setPort(options.port());
            return connector;
        });
    }

    /**
     * Loads the PEM files into a key store.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or parsed
     */
    static KeyStore keyStore(Path certFile, Path keyFile, char[] password) {
        Collection<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate " + certFile + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + certFile);
        }
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.iterator().next().getPublicKey())) {
            // Jetty would start and then fail every handshake: refuse at start instead
            throw new IllegalArgumentException("the TLS key " + keyFile + " does not belong to the certificate " + certFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("migd", key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS key and certificate: " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519
        };
        byte[] probe = "migd tls key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
            throw new IllegalArgumentException("cannot read the TLS key " + keyFile + ": " + e.getMessage(),
                    new UncheckedIOException(e));
        }
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalArgumentException("the TLS key " + keyFile
                    + " must be PEM PKCS#8 ('BEGIN PRIVATE KEY'); convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[^-]+-----", "").trim());
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
