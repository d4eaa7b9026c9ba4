package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.error.ErrorCode;
import io.mig.core.model.Binding;
import io.mig.core.port.out.InvocationOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invocation metrics count every outcome, whether their children are cached or not. */
class PrometheusMetricsTest {
    private final PrometheusMetrics metrics = new PrometheusMetrics();

    @Test
    void everyOutcomeIsCountedUnderItsOwnLabels() throws IOException {
        for (int i = 0; i < 3; i++) {
            metrics.onOutcome(outcome("acme.a", Binding.HTTP, null));
        }
        metrics.onOutcome(outcome("acme.a", Binding.HTTP, ErrorCode.MIG_TIMEOUT));
        metrics.onOutcome(outcome("acme.a", Binding.NATS, null));
        PrometheusText text = scrape(metrics);
        assertThat(text.value("mig_gateway_invocations_total", Map.of("capability", "acme.a", "binding", "http",
                "outcome", "success"))).isEqualTo(3);
        assertThat(text.value("mig_gateway_invocations_total", Map.of("capability", "acme.a", "binding", "http",
                "outcome", "failure"))).isEqualTo(1);
        assertThat(text.value("mig_gateway_invocations_total", Map.of("capability", "acme.a", "binding", "nats",
                "outcome", "success"))).isEqualTo(1);
        assertThat(text.has("mig_gateway_invocations_total", Map.of("capability", "acme.a", "binding", "nats",
                "outcome", "failure"))).as("no series for an outcome not seen").isFalse();
        assertThat(text.value("mig_gateway_invocation_duration_seconds_count", Map.of("capability", "acme.a"))).isEqualTo(5);
    }

    @Test
    void capabilitiesPastTheCacheBoundAreCountedToo() throws IOException {
        PrometheusMetrics bounded = new PrometheusMetrics(10);
        for (int i = 0; i < 10; i++) {
            bounded.onOutcome(outcome("acme.c" + i, Binding.HTTP, null));
        }
        bounded.onOutcome(outcome("acme.over", Binding.HTTP, null));
        bounded.onOutcome(outcome("acme.over", Binding.HTTP, null));
        bounded.onOutcome(outcome("acme.c7", Binding.HTTP, null));
        PrometheusText text = scrape(bounded);
        assertThat(text.value("mig_gateway_invocations_total", Map.of("capability", "acme.over", "outcome", "success")))
                .isEqualTo(2);
        assertThat(text.value("mig_gateway_invocation_duration_seconds_count", Map.of("capability", "acme.over"))).isEqualTo(2);
        assertThat(text.value("mig_gateway_invocations_total", Map.of("capability", "acme.c7"))).isEqualTo(2);
    }

    private static PrometheusText scrape(PrometheusMetrics metrics) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static InvocationOutcome outcome(String capability, Binding binding, ErrorCode code) {
        return new InvocationOutcome("acme", "alice", capability, true, binding, "msg-1", null, code, 2_000_000L,
                "2026-01-01T00:00:00Z");
    }
}
