package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.InsecureServerCredentials;
import io.mig.core.spi.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TLS settings of the gRPC listener; serving TLS is tested against a real migd in migd-app. */
class GrpcTlsTest {
    @Test
    void withoutCertificatesTheListenerIsPlaintext() {
        assertThat(GrpcTls.credentials(Settings.of(Map.of()))).isInstanceOf(InsecureServerCredentials.class);
    }

    @Test
    void aCertificateNeedsItsKeyAndTheOtherWayRound() {
        assertThatThrownBy(() -> GrpcTls.credentials(Settings.of(Map.of("MIGD_GRPC_TLS_CERT_FILE", "/c.pem"))))
                .hasMessageStartingWith("MIGD_GRPC_TLS_KEY_FILE: TLS needs both MIGD_GRPC_TLS_CERT_FILE and MIGD_GRPC_TLS_KEY_FILE");
        assertThatThrownBy(() -> GrpcTls.credentials(Settings.of(Map.of("MIGD_TLS_KEY_FILE", "/k.pem"))))
                .hasMessageStartingWith("MIGD_TLS_CERT_FILE: TLS needs both");
        // the gRPC pair replaces the shared one as a whole, never one file of it
        assertThatThrownBy(() -> GrpcTls.credentials(Settings.of(Map.of("MIGD_TLS_CERT_FILE", "/c.pem",
                "MIGD_TLS_KEY_FILE", "/k.pem", "MIGD_GRPC_TLS_KEY_FILE", "/grpc-k.pem"))))
                .hasMessageStartingWith("MIGD_GRPC_TLS_CERT_FILE: TLS needs both");
    }

    @Test
    void clientCertificatesNeedTls() {
        assertThatThrownBy(() -> GrpcTls.credentials(Settings.of(Map.of("MIGD_GRPC_TLS_CLIENT_CA_FILE", "/ca.pem"))))
                .hasMessageStartingWith("MIGD_GRPC_TLS_CLIENT_CA_FILE: client certificates need TLS");
    }

    @Test
    void anUnreadableFileNamesTheSettings() {
        assertThatThrownBy(() -> GrpcTls.credentials(Settings.of(Map.of("MIGD_TLS_CERT_FILE", "/nonexistent/c.pem",
                "MIGD_TLS_KEY_FILE", "/nonexistent/k.pem"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("MIGD_TLS_CERT_FILE/MIGD_TLS_KEY_FILE: cannot read the TLS certificate /nonexistent/c.pem");
    }
}
