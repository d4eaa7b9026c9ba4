package io.mig.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.conformance.kit.ConformanceKit;
import io.mig.conformance.kit.ConformanceKit.Result;
import io.mig.conformance.kit.ConformanceKit.Verdict;
import io.mig.conformance.kit.KitContext;
import io.mig.conformance.kit.KitTarget;
import io.mig.conformance.kit.MigWire;
import io.mig.migd.MigdServer;
import io.mig.migd.NatsServer;
import io.mig.migd.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The commands: their flags, their report, and that the kit fails a gateway that breaks the contract. */
class CommandsTest {
    private static ConformanceKit.Result run(String id, MigWire wire, KitTarget target) {
        return ConformanceKit.run(ConformanceKit.byId(id), new KitContext(wire, target));
    }

    @Test
    void migNatsSmokeRunsTheKitAndSaysWhichProfilesNatsMeets() throws Exception {
        try (NatsServer nats = NatsServer.start();
             KitGateway gateway = KitGateway.start(Map.of("MIGD_NATS_URL", nats.url()));
             NatsWire wire = new NatsWire(nats.url(), "acme", null)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Result> results = MigNatsSmoke.run(wire, gateway.target(), new PrintStream(out, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(results).as(report).hasSize(ConformanceKit.cases().size()).noneMatch(r -> r.verdict() == Verdict.FAIL);
            assertThat(KitFlags.exitCode(results)).isZero();
            // NATS is request/reply with live mirroring: no streams, no replay (SPEC §7)
            assertThat(report).contains("nats profiles: core yes, streaming no, evented no, full no")
                    .containsPattern("N/A +nats +streaming +a streamed INVOKE");
        }
    }

    @Test
    void withoutCapabilitiesTheInvokeCasesFailAndNoProfileIsMet() {
        // without the demo capability there is nothing to invoke: the cases must fail, not pass vacuously
        try (MigdServer server = MigdServer.start(Map.of("MIGD_DEMO_CAPABILITIES", "false"))) {
            HttpWire wire = new HttpWire(server.baseUrl(), "acme", null);
            List<Result> results = ConformanceKit.cases().stream().filter(c -> List.of("hello", "invokeUnary", "discover",
                    "idempotentReplay", "invokeStream").contains(c.id())).map(c -> run(c.id(), wire, KitTarget.demo())).toList();
            assertThat(results).filteredOn(r -> r.verdict() == Verdict.FAIL).extracting(r -> r.kitCase().id())
                    .containsExactlyInAnyOrder("invokeUnary", "discover", "idempotentReplay", "invokeStream");
            assertThat(KitFlags.exitCode(results)).isEqualTo(1);
            assertThat(ConformanceKit.profiles(results)).doesNotContainValue(true);
        }
    }

    @Test
    @SuppressWarnings("try") // the gateway only has to run
    void withoutTheRequestReplyBindingTheNatsCasesFail() throws Exception {
        // mirroring alone answers no request: every request case must fail, not pass vacuously
        try (NatsServer nats = NatsServer.start();
             MigdServer server = MigdServer.start(Map.of("MIGD_NATS_URL", nats.url(), "MIGD_ENABLE_NATS_BINDING", "false"));
             NatsWire wire = new NatsWire(nats.url(), "acme", null)) {
            for (String id : List.of("hello", "invokeUnary", "cancelRecorded", "heartbeat")) {
                assertThat(run(id, wire, KitTarget.demo()).verdict()).as(id).isEqualTo(Verdict.FAIL);
            }
        }
    }

    @Test
    void overTlsTheCasesPassWhenTheCaIsTrustedAndFailWhenNot() throws Exception {
        Path dir = Files.createTempDirectory("grpc-smoke-tls");
        try {
            TestCertificate certificate = TestCertificate.create(dir, "EC");
            TestCertificate stranger = TestCertificate.create(dir, "EC");
            try (MigdServer server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0",
                    "MIGD_GRPC_TLS_CERT_FILE", certificate.certFile().toString(),
                    "MIGD_GRPC_TLS_KEY_FILE", certificate.keyFile().toString()))) {
                String address = "127.0.0.1:" + server.migd().binding(io.mig.binding.grpc.GrpcBinding.class).orElseThrow().port();
                try (GrpcWire wire = MigGrpcSmoke.wire(new String[] {"-addr", address, "-ca", certificate.certFile().toString()})) {
                    for (String id : List.of("hello", "invokeUnary", "unknownCapability")) {
                        Result result = run(id, wire, KitTarget.demo());
                        assertThat(result.verdict()).as(id + ": " + result.detail()).isEqualTo(Verdict.PASS);
                    }
                }
                for (String[] args : new String[][] {{"-addr", address}, {"-addr", address, "-ca", stranger.certFile().toString()}}) {
                    try (GrpcWire wire = MigGrpcSmoke.wire(args)) {
                        assertThat(run("hello", wire, KitTarget.demo()).verdict()).as(String.join(" ", args)).isEqualTo(Verdict.FAIL);
                    }
                }
            }
        } finally {
            TestCertificate.deleteDirectory(dir);
        }
    }

    @Test
    void flagsAreParsedLikeTheOriginalTools() {
        assertThat(Flags.parse(new String[] {"-base-url", "http://x:1", "--tenant=acme"}, List.of("base-url", "tenant")))
                .containsEntry("base-url", "http://x:1").containsEntry("tenant", "acme");
        assertThatThrownBy(() -> Flags.parse(new String[] {"-nope", "1"}, List.of("tenant"))).hasMessageContaining("unknown flag");
        assertThatThrownBy(() -> MigGrpcSmoke.wire(new String[] {"-ca", "/nonexistent/ca.pem"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-ca");
        assertThatThrownBy(() -> MigGrpcSmoke.wire(new String[] {"-tls=maybe"})).hasMessageContaining("true or false");
        assertThatThrownBy(() -> MigGrpcSmoke.wire(new String[] {"-tls=false", "-ca", "x.pem"})).hasMessageContaining("-ca needs TLS");
        try (GrpcWire wire = MigGrpcSmoke.wire(new String[] {"-tls", "-addr", "localhost:1"})) {
            assertThat(wire.tenant()).isEqualTo("acme");
        }
    }

    @Test
    void theKitFlagsDescribeTheTarget() {
        Map<String, String> flags = Flags.parse(new String[] {"-slow-capability", "acme.slow", "-other-tenant", "beta",
                "-other-token", "t2"}, KitFlags.with("tenant"));
        KitTarget target = KitFlags.target(flags, "acme", "t1");
        assertThat(target.slowCapability()).isEqualTo("acme.slow");
        assertThat(target.otherTenant()).isEqualTo("beta");
        assertThat(target.tokens().apply("acme")).isEqualTo("t1");
        assertThat(target.tokens().apply("beta")).isEqualTo("t2");
        assertThat(target.tokens().apply("gamma")).isNull();
        assertThat(KitFlags.target(Map.of(), "acme", null).tokens()).isNull();
        assertThat(KitFlags.target(Map.of(), "acme", null).unaryCapability()).isEqualTo(KitTarget.DEMO);
    }
}
