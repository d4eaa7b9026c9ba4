package io.mig.conformance;

import io.mig.conformance.kit.BindingConformanceKit;
import io.mig.conformance.kit.KitTarget;
import io.mig.conformance.kit.MigWire;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance kit over HTTP and SSE (SPEC §3), against a real migd. */
class HttpConformanceKitTest extends BindingConformanceKit {
    private KitGateway gateway;
    private HttpWire wire;

    @BeforeAll
    void start() throws Exception {
        gateway = KitGateway.start(Map.of());
        wire = new HttpWire(gateway.baseUrl(), "acme", null);
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
