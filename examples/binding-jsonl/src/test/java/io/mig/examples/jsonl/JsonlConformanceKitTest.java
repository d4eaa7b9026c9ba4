package io.mig.examples.jsonl;

import io.mig.conformance.kit.BindingConformanceKit;
import io.mig.conformance.kit.KitTarget;
import io.mig.conformance.kit.MigWire;
import io.mig.core.spi.Settings;
import io.mig.migd.Migd;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance kit over the JSON-lines binding, against a real migd that serves only it
 * ({@code MIGD_BINDINGS=jsonl}): the binding nobody here wrote proves the same MIG behaviour as the
 * built-in ones. The kit's slow capability is registered in-process ({@link SlowCapability}): the
 * kit's own tests bind it through the admin API, which is HTTP, and this migd runs without it.
 */
class JsonlConformanceKitTest extends BindingConformanceKit {
    private Migd migd;
    private JsonlWire wire;

    @BeforeAll
    void start() throws Exception {
        migd = Migd.create(Settings.of(Map.of("MIGD_BINDINGS", "jsonl", "MIGD_JSONL_ADDR", "127.0.0.1:0")));
        migd.start();
        migd.gateway().register(SlowCapability.DESCRIPTOR, new SlowCapability());
        wire = new JsonlWire(JsonlBindingTest.port(migd), "acme");
    }

    @AfterAll
    void stop() {
        if (wire != null) {
            wire.close();
        }
        if (migd != null) {
            migd.stop(Duration.ofSeconds(1));
        }
    }

    @Override
    protected MigWire wire() {
        return wire;
    }

    @Override
    protected KitTarget target() {
        return KitTarget.demo().withSlowCapability(KitTarget.SLOW);
    }
}
