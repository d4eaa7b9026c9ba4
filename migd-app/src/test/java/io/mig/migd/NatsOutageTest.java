package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Await;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Readiness and the connection view follow the live NATS connection, not the state at start. */
class NatsOutageTest {
    @Test
    void aNatsOutageTurnsReadinessAndTheBindingFlagOffAndTheirReturnOn() throws Exception {
        NatsServer nats = NatsServer.start();
        int port = nats.port();
        try (MigdServer server = MigdServer.start(Map.of("MIGD_NATS_URL", nats.url(), "MIGD_LOG_LEVEL", "error"))) {
            assertThat(server.get("/readyz").status()).isEqualTo(200);
            assertThat(natsActive(server)).isTrue();

            nats.close();
            await(() -> server.get("/readyz").status() == 503 && !natsActive(server), 5_000,
                    "/readyz 503 and nats_binding_active false within 5 s of the outage");

            nats = NatsServer.start(port);
            await(() -> server.get("/readyz").status() == 200 && natsActive(server), 15_000,
                    "/readyz 200 and nats_binding_active true once nats-server is back");
        } finally {
            nats.close();
        }
    }

    private static boolean natsActive(MigdServer server) {
        return server.get("/admin/v0.1/connections").json().path("summary").path("nats_binding_active").asBoolean();
    }

    private static void await(BooleanSupplier condition, long millis, String what) {
        Await.until(Duration.ofMillis(millis), condition, what);
    }
}
