package io.mig.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as the TLS listeners read them, made by the JDK's keytool. */
class PemKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void loadsAPkcs8KeyWithItsCertificateEvenAfterOpensslBagAttributes() throws Exception {
        Path[] rsa = pair("rsa", "RSA", "Bag Attributes\n    localKeyID: 01\n");
        KeyStore store = PemKeyStore.load(rsa[0], rsa[1], "pw".toCharArray());
        assertThat(store.getKey(PemKeyStore.ALIAS, "pw".toCharArray()).getAlgorithm()).isEqualTo("RSA");
        assertThat(store.getCertificateChain(PemKeyStore.ALIAS)).hasSize(1);
        Path[] ec = pair("ec", "EC", "");
        assertThat(PemKeyStore.load(ec[0], ec[1], "pw".toCharArray()).getKey(PemKeyStore.ALIAS, "pw".toCharArray())
                .getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void refusesWhatATlsServerCouldNotUse() throws Exception {
        Path[] rsa = pair("rsa", "RSA", "");
        Path[] ec = pair("ec", "EC", "");
        assertThatThrownBy(() -> PemKeyStore.load(rsa[0], ec[1], "pw".toCharArray()))
                .hasMessageContaining("does not belong to the certificate");
        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemKeyStore.load(rsa[0], pkcs1, "pw".toCharArray()))
                .hasMessageContaining("must be PEM PKCS#8").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> PemKeyStore.load(rsa[1], rsa[1], "pw".toCharArray()))
                .hasMessage("the TLS certificate " + rsa[1] + " is not a PEM X.509 certificate");
        assertThatThrownBy(() -> PemKeyStore.load(dir.resolve("missing.pem"), rsa[1], "pw".toCharArray()))
                .hasMessage("cannot read the TLS certificate " + dir.resolve("missing.pem") + " (no such file)");
    }

    /** A certificate and a PKCS#8 key file; {@code preamble} goes before each PEM block. */
    private Path[] pair(String name, String algorithm, String preamble) throws Exception {
        Path store = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new java.util.ArrayList<>(List.of(keytool, "-genkeypair", "-alias", "k", "-keyalg", algorithm,
                "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit"));
        command.addAll(algorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(60, TimeUnit.SECONDS) && run.exitValue() == 0).as(output).isTrue();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        Certificate certificate = keys.getCertificate("k");
        byte[] key = keys.getKey("k", "changeit".toCharArray()).getEncoded();
        return new Path[] {
            Files.writeString(dir.resolve(name + "-cert.pem"), preamble + pem("CERTIFICATE", certificate.getEncoded())),
            Files.writeString(dir.resolve(name + "-key.pem"), preamble + pem("PRIVATE KEY", key))};
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
