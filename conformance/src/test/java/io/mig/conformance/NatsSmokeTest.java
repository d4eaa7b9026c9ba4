package io.mig.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.migd.MigdServer;
import io.mig.migd.NatsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mig-nats-smoke against a real migd and nats-server. */
class NatsSmokeTest {
    @Test
    void aMigdWithTheNatsBindingPassesEverySmokeCheck() throws Exception {
        try (NatsServer nats = NatsServer.start();
             MigdServer server = MigdServer.start(Map.of("MIGD_NATS_URL", nats.url()));
             NatsWire wire = new NatsWire(nats.url(), "acme", null)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<MigNatsSmoke.Result> results = MigNatsSmoke.run(wire, new PrintStream(out, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(results).as(report).hasSize(NatsChecks.all().size()).allMatch(MigNatsSmoke.Result::ok);
            assertThat(report).contains(results.size() + " passed, 0 failed");
        }
    }

    @Test
    void withoutTheRequestReplyBindingTheChecksFail() throws Exception {
        // mirroring alone answers no request: every request check must fail, not pass vacuously
        try (NatsServer nats = NatsServer.start();
             MigdServer server = MigdServer.start(Map.of("MIGD_NATS_URL", nats.url(), "MIGD_ENABLE_NATS_BINDING", "false"));
             NatsWire wire = new NatsWire(nats.url(), "acme", null)) {
            List<MigNatsSmoke.Result> results = MigNatsSmoke.run(wire,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(results).noneMatch(MigNatsSmoke.Result::ok);
        }
    }
}
