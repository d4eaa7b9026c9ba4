package io.mig.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.binding.grpc.GrpcBinding;
import io.mig.migd.MigdServer;
import io.mig.migd.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mig-grpc-smoke against a real migd with the gRPC binding on. */
class GrpcSmokeTest {
    @Test
    void aMigdWithGrpcPassesEverySmokeCheck() {
        try (MigdServer server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0"));
             GrpcWire wire = new GrpcWire("127.0.0.1:" + server.migd().binding(GrpcBinding.class).orElseThrow().port(),
                     "acme", null)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Check.Result> results = MigGrpcSmoke.run(wire, new PrintStream(out, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(results).as(report).hasSize(8).allMatch(Check.Result::ok);
            assertThat(report).contains("8 passed, 0 failed").contains("mig-error and mig-error-bin agree");
        }
    }

    @Test
    void overTlsTheChecksPassWhenTheCaIsTrustedAndFailWhenNot() throws Exception {
        Path dir = Files.createTempDirectory("grpc-smoke-tls");
        try {
            TestCertificate certificate = TestCertificate.create(dir, "EC");
            TestCertificate stranger = TestCertificate.create(dir, "EC");
            try (MigdServer server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0",
                    "MIGD_GRPC_TLS_CERT_FILE", certificate.certFile().toString(),
                    "MIGD_GRPC_TLS_KEY_FILE", certificate.keyFile().toString()))) {
                String address = "127.0.0.1:" + server.migd().binding(GrpcBinding.class).orElseThrow().port();
                try (GrpcWire wire = MigGrpcSmoke.wire(new String[] {"-addr", address, "-ca", certificate.certFile().toString()})) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    List<Check.Result> results = MigGrpcSmoke.run(wire, new PrintStream(out, true, StandardCharsets.UTF_8));
                    assertThat(results).as(out.toString(StandardCharsets.UTF_8)).hasSize(8).allMatch(Check.Result::ok);
                }
                for (String[] args : new String[][] {{"-addr", address}, {"-addr", address, "-ca", stranger.certFile().toString()}}) {
                    try (GrpcWire wire = MigGrpcSmoke.wire(args)) {
                        List<Check.Result> results = MigGrpcSmoke.run(wire, new PrintStream(new ByteArrayOutputStream(), true,
                                StandardCharsets.UTF_8));
                        assertThat(results).as(String.join(" ", args)).noneMatch(Check.Result::ok);
                    }
                }
            }
        } finally {
            TestCertificate.deleteDirectory(dir);
        }
    }

    @Test
    void tlsFlagsAreCheckedBeforeAnyCall() {
        assertThatThrownBy(() -> MigGrpcSmoke.wire(new String[] {"-ca", "/nonexistent/ca.pem"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-ca");
        assertThatThrownBy(() -> MigGrpcSmoke.wire(new String[] {"-tls=maybe"})).hasMessageContaining("true or false");
        assertThatThrownBy(() -> MigGrpcSmoke.wire(new String[] {"-tls=false", "-ca", "x.pem"})).hasMessageContaining("-ca needs TLS");
        try (GrpcWire wire = MigGrpcSmoke.wire(new String[] {"-tls", "-addr", "localhost:1"})) {
            assertThat(wire.tenant()).isEqualTo("acme");
        }
    }

    @Test
    void withoutCapabilitiesTheInvokeChecksFail() {
        try (MigdServer server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0", "MIGD_DEMO_CAPABILITIES", "false"));
             GrpcWire wire = new GrpcWire("127.0.0.1:" + server.migd().binding(GrpcBinding.class).orElseThrow().port(),
                     "acme", null)) {
            List<Check.Result> results = MigGrpcSmoke.run(wire, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));
            assertThat(results).filteredOn(r -> !r.ok()).extracting(r -> r.check().name())
                    .containsExactlyInAnyOrder("Invoke answers", "StreamInvoke streams with server_stream preference");
        }
    }
}
