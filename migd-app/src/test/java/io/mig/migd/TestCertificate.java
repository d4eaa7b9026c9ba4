package io.mig.migd;

import io.mig.core.testing.Jwts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's {@code keytool} and
 * written as the PEM files migd reads ({@code cert.pem}, PKCS#8 {@code key.pem}). Public for the
 * conformance module's tests.
 */
public record TestCertificate(Path certFile, Path keyFile, Certificate certificate, PrivateKey privateKey) {
    private static final String PASSWORD = "changeit";

    public static TestCertificate create(Path dir, String keyAlgorithm) throws Exception {
        String name = keyAlgorithm + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path store = dir.resolve("tls-" + name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new java.util.ArrayList<>(List.of(keytool, "-genkeypair", "-alias", "migd",
                "-keyalg", keyAlgorithm, "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        command.addAll(keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
        Process keytoolRun = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytoolRun.getInputStream().readAllBytes());
        if (!keytoolRun.waitFor(60, TimeUnit.SECONDS) || keytoolRun.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        Certificate certificate = keys.getCertificate("migd");
        PrivateKey privateKey = (PrivateKey) keys.getKey("migd", PASSWORD.toCharArray());
        Path cert = Files.writeString(dir.resolve("cert-" + name + ".pem"), Jwts.pem("CERTIFICATE", certificate.getEncoded()));
        Path key = Files.writeString(dir.resolve("key-" + name + ".pem"), Jwts.pem("PRIVATE KEY", privateKey.getEncoded()));
        return new TestCertificate(cert, key, certificate, privateKey);
    }

    /** Deletes a directory the certificates were made in, with everything in it. */
    public static void deleteDirectory(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** A TLS context that trusts this certificate and nothing else. */
    SSLContext trustingContext() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("migd", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
