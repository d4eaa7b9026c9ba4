package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.port.out.CapabilityRegistration;
import io.mig.migd.MigdServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding, replacing and unbinding the provider of a capability while migd runs. */
class ProviderBindingTest {

    @Test
    void replacingTheBlockRoutesTheNextCallToTheNewProviderAndUnbindingMakesItUnavailable() {
        try (MigdServer migd = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn"));
             Upstream first = Upstream.start(Upstream.json(200, "{\"payload\":{\"from\":\"first\"}}"));
             Upstream second = Upstream.start(Upstream.json(200, "{\"payload\":{\"from\":\"second\"}}"))) {
            var gateway = migd.migd().gateway();
            String path = "/mig/v0.1/invoke/acme.binding.model";

            assertThat(gateway.register(new CapabilityRegistration(Bind.descriptor("acme.binding.model"),
                    Bind.http(first.url(), "")))).as("new").isTrue();
            assertThat(migd.post(path, Bind.invokeBody("{}")).json().path("payload").path("from").asText()).isEqualTo("first");

            assertThat(gateway.register(new CapabilityRegistration(Bind.descriptor("acme.binding.model"),
                    Bind.http(second.url(), "")))).as("replaced").isFalse();
            assertThat(migd.post(path, Bind.invokeBody("{}")).json().path("payload").path("from").asText()).isEqualTo("second");
            assertThat(first.requestCount()).isEqualTo(1);

            gateway.register(new CapabilityRegistration(Bind.descriptor("acme.binding.model"), null));
            MigdServer.Reply unbound = migd.post(path, Bind.invokeBody("{}"));
            assertThat(unbound.status()).isEqualTo(503);
            assertThat(unbound.errorCode()).isEqualTo("MIG_UNAVAILABLE");

            gateway.unregister("acme.binding.model");
            assertThat(migd.post(path, Bind.invokeBody("{}")).errorCode()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
            assertThat(second.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void replacingTheBlockReplacesTheBulkhead() {
        try (MigdServer migd = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn"));
             Upstream upstream = Upstream.start(Upstream.json(200, "{}"))) {
            var gateway = migd.migd().gateway();
            gateway.register(new CapabilityRegistration(Bind.descriptor("acme.binding.options"),
                    Bind.http(upstream.url(), "\"max_concurrency\":1")));
            assertThat(migd.post("/mig/v0.1/invoke/acme.binding.options", Bind.invokeBody("{}")).status()).isEqualTo(200);
            gateway.register(new CapabilityRegistration(Bind.descriptor("acme.binding.options"),
                    Bind.http(upstream.url(), "\"max_concurrency\":5,\"timeout_ms\":1000")));
            assertThat(migd.post("/mig/v0.1/invoke/acme.binding.options", Bind.invokeBody("{}")).status()).isEqualTo(200);
            assertThat(Long.parseLong(upstream.take().header("MIG-Deadline-Ms"))).isGreaterThan(1_000L);
            assertThat(Long.parseLong(upstream.take().header("MIG-Deadline-Ms"))).as("the new timeout applies")
                    .isBetween(1L, 1_000L);
        }
    }
}
