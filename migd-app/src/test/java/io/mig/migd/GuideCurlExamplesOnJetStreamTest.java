package io.mig.migd;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same guide examples as {@link GuideCurlExamplesTest}, unchanged, against a migd that keeps its state in NATS
 * JetStream ({@code MIGD_STATE=jetstream} and {@code MIGD_NATS_URL}, issue 9): the state moves, the
 * answers do not. (These static methods hide the superclass's, so JUnit runs only these.)
 */
class GuideCurlExamplesOnJetStreamTest extends GuideCurlExamplesTest {
    private static NatsServer nats;

    @BeforeAll
    static void start() {
        nats = NatsServer.start();
        server = MigdServer.start(Map.of("MIGD_STATE", "jetstream", "MIGD_NATS_URL", nats.url(),
                "MIGD_ENABLE_NATS_BINDING", "false"));
    }

    @AfterAll
    static void stop() {
        server.close();
        nats.close();
    }
}
