package io.mig.binding.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.mig.core.spi.PemKeyStore;
import io.mig.core.spi.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The gRPC listener's transport security: TLS (ALPN {@code h2}) from the same PEM files as HTTPS
 * ({@code MIGD_TLS_CERT_FILE}, {@code MIGD_TLS_KEY_FILE}), or from {@code MIGD_GRPC_TLS_CERT_FILE}
 * and {@code MIGD_GRPC_TLS_KEY_FILE} when gRPC needs its own; client certificates signed by
 * {@code MIGD_GRPC_TLS_CLIENT_CA_FILE} when that is set; plaintext when no certificate is set.
 */
final class GrpcTls {
    static final String CERT = "MIGD_GRPC_TLS_CERT_FILE";
    static final String KEY = "MIGD_GRPC_TLS_KEY_FILE";
    static final String CLIENT_CA = "MIGD_GRPC_TLS_CLIENT_CA_FILE";
    static final String SHARED_CERT = "MIGD_TLS_CERT_FILE";
    static final String SHARED_KEY = "MIGD_TLS_KEY_FILE";

    private GrpcTls() {
    }

    /**
     * The server credentials the settings describe, with every file read and checked now, so that
     * a wrong file stops the start before any port is opened.
     *
     * @throws IllegalArgumentException naming the settings that cannot work
     */
    static ServerCredentials credentials(Settings settings) {
        boolean own = settings.get(CERT).isPresent() || settings.get(KEY).isPresent();
        String certName = own ? CERT : SHARED_CERT;
        String keyName = own ? KEY : SHARED_KEY;
        Optional<String> cert = settings.get(certName);
        Optional<String> key = settings.get(keyName);
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException((cert.isPresent() ? keyName : certName)
                    + ": TLS needs both " + certName + " and " + keyName);
        }
        Optional<String> clientCa = settings.get(CLIENT_CA);
        if (cert.isEmpty()) {
            if (clientCa.isPresent()) {
                throw new IllegalArgumentException(CLIENT_CA + ": client certificates need TLS; set "
                        + SHARED_CERT + " and " + SHARED_KEY + " (or " + CERT + " and " + KEY + ")");
            }
            return InsecureServerCredentials.create();
        }
        TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
        try {
            tls.keyManager(keyManagers(Path.of(cert.get()), Path.of(key.get())).getKeyManagers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(certName + "/" + keyName + ": " + e.getMessage(), e);
        }
        if (clientCa.isPresent()) {
            try {
                tls.trustManager(trustManagers(Path.of(clientCa.get())).getTrustManagers())
                        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(CLIENT_CA + ": " + e.getMessage(), e);
            }
        }
        return tls.build();
    }

    private static KeyManagerFactory keyManagers(Path certFile, Path keyFile) {
        // the store lives only in memory; its password protects nothing but is required
        char[] password = UUID.randomUUID().toString().toCharArray();
        KeyStore store = PemKeyStore.load(certFile, keyFile, password);
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS key and certificate: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustManagers(Path caFile) {
        var authorities = PemKeyStore.certificates(caFile);
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + caFile);
        }
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int n = 0;
            for (Certificate authority : authorities) {
                trusted.setCertificateEntry("client-ca-" + n++, authority);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            return trust;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the client CA certificates in " + caFile + ": " + e.getMessage(), e);
        }
    }
}
