package io.mig.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.migd.MigdServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP conformance kit against a real migd started in-process. */
class HttpConformanceTest {
    @Test
    void aDefaultMigdPassesEveryHttpCheck() {
        try (MigdServer server = MigdServer.start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Check.Result> results = MigConformance.run(new HttpWire(server.baseUrl(), "acme", null),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(results).as(report).isNotEmpty().allMatch(Check.Result::ok);
            assertThat(report).contains(results.size() + " passed, 0 failed");
        }
    }

    @Test
    void aGatewayThatBreaksTheContractFailsTheChecks() {
        // without the demo capability there is nothing unary to invoke: the invoke checks must fail, not pass vacuously
        try (MigdServer server = MigdServer.start(Map.of("MIGD_DEMO_CAPABILITIES", "false"))) {
            List<Check.Result> results = MigConformance.run(new HttpWire(server.baseUrl(), "acme", null),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(results).filteredOn(r -> !r.ok()).extracting(r -> r.check().name())
                    .contains("unary invoke answers", "idempotent replay");
        }
    }

    @Test
    void flagsAreParsedLikeTheOriginalTools() {
        assertThat(Flags.parse(new String[] {"-base-url", "http://x:1", "--tenant=acme"}, List.of("base-url", "tenant")))
                .containsEntry("base-url", "http://x:1").containsEntry("tenant", "acme");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Flags.parse(new String[] {"-nope", "1"}, List.of("tenant")))
                .hasMessageContaining("unknown flag");
    }
}
