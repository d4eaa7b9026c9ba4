package io.mig.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.binding.grpc.GrpcBinding;
import io.mig.migd.MigdServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
            assertThat(report).contains("8 passed, 0 failed");
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
