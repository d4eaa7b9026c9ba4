package io.mig.conformance;

import io.mig.conformance.kit.BindingConformanceKit;
import io.mig.conformance.kit.KitTarget;
import io.mig.conformance.kit.MigWire;
import io.mig.migd.NatsServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance kit over NATS (SPEC §7), against a real migd and a real nats-server. */
class NatsConformanceKitTest extends BindingConformanceKit {
    private NatsServer nats;
    private KitGateway gateway;
    private NatsWire wire;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServer.start();
        gateway = KitGateway.start(Map.of("MIGD_NATS_URL", nats.url()));
        wire = new NatsWire(nats.url(), "acme", null);
    }

    @AfterAll
    void stop() {
        if (wire != null) {
            wire.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        nats.close();
    }

    @Override
    protected MigWire wire() {
        return wire;
    }

    @Override
    protected KitTarget target() {
        return gateway.target();
    }
}
