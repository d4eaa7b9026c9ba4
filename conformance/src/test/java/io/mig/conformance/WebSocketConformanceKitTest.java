package io.mig.conformance;

import io.mig.conformance.kit.BindingConformanceKit;
import io.mig.conformance.kit.KitTarget;
import io.mig.conformance.kit.MigWire;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance kit over the HTTP binding's WebSocket (SPEC §3.5), against a real migd. */
class WebSocketConformanceKitTest extends BindingConformanceKit {
    private KitGateway gateway;
    private WebSocketWire wire;

    @BeforeAll
    void start() throws Exception {
        gateway = KitGateway.start(Map.of());
        wire = new WebSocketWire(new HttpWire(gateway.baseUrl(), "acme", null));
    }

    @AfterAll
    void stop() {
        wire.close();
        gateway.close();
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
