package io.mig.conformance;

import io.mig.conformance.kit.BindingConformanceKit;
import io.mig.conformance.kit.KitTarget;
import io.mig.conformance.kit.MigWire;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance kit over gRPC (SPEC §6), against a real migd. */
class GrpcConformanceKitTest extends BindingConformanceKit {
    private KitGateway gateway;
    private GrpcWire wire;

    @BeforeAll
    void start() throws Exception {
        gateway = KitGateway.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0"));
        wire = new GrpcWire(gateway.grpcAddress(), "acme", null);
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
