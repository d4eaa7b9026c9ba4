package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.port.out.Tracing;
import io.mig.core.spi.Settings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When migd traces, and that without the OTEL_* variables it does not (no SDK, nothing exported). */
class TracingSettingsTest {
    private static final String INVOKE = "/mig/v0.1/invoke/observatory.models.infer";
    private static final String BODY = "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"input\":\"traced or not\"}}";

    private OtlpReceiver receiver;

    @BeforeEach
    void receive() throws Exception {
        receiver = new OtlpReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void withoutOtelVariablesTheNoOpTracerIsUsed() {
        Migd migd = Migd.create(Settings.of(Map.of("MIGD_ADDR", "127.0.0.1:0")));
        try {
            assertThat(migd.gateway().tracing()).isSameAs(Tracing.NONE);
            assertThat(migd.summary()).contains("tracing=off");
        } finally {
            migd.stop();
        }
    }

    @Test
    void anEndpointTurnsTracingOnUnlessTheExporterIsNoneOrTheSdkDisabled() {
        assertThat(tracing(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()))).isInstanceOf(OtelTracing.class);
        assertThat(tracing(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint() + "/v1/traces")))
                .isInstanceOf(OtelTracing.class);
        assertThat(tracing(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_TRACES_EXPORTER", "none")))
                .isSameAs(Tracing.NONE);
        assertThat(tracing(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_SDK_DISABLED", "true")))
                .isSameAs(Tracing.NONE);
    }

    @Test
    void anExporterOrProtocolThisBuildLacksIsAConfigurationError() {
        assertThatThrownBy(() -> tracing(Map.of("OTEL_TRACES_EXPORTER", "zipkin")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("OTEL_TRACES_EXPORTER");
        assertThatThrownBy(() -> tracing(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("OTEL_").hasMessageContaining("carrier-pigeon");
        assertThatThrownBy(() -> tracing(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http/protobuf");
    }

    @Test
    void spansAreExportedOnlyWhenTracingIsOnAndStopFlushesThem() {
        // the control: with an endpoint, stopping migd exports the span of the call it served
        try (MigdServer on = MigdServer.start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_BSP_SCHEDULE_DELAY", "60000"))) {
            assertThat(on.post(INVOKE, BODY).status()).isEqualTo(200);
            assertThat(on.migd().summary()).contains("tracing=otlp " + receiver.endpoint());
        }
        assertThat(receiver.spans()).as("flushed by stop, long before the 60 s schedule")
                .anySatisfy(span -> assertThat(span.name()).isEqualTo("mig.invoke observatory.models.infer"));
        int exported = receiver.spans().size();

        for (Map<String, String> off : java.util.List.of(Map.<String, String>of(),
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_SDK_DISABLED", "true"),
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_TRACES_EXPORTER", "none"))) {
            try (MigdServer server = MigdServer.start(off)) {
                assertThat(server.post(INVOKE, BODY).status()).isEqualTo(200);
                assertThat(server.migd().gateway().tracing()).as(off.toString()).isSameAs(Tracing.NONE);
            }
        }
        assertThat(receiver.spans()).as("nothing more was exported").hasSize(exported);
    }

    private static Tracing tracing(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("MIGD_ADDR", "127.0.0.1:0");
        Migd migd = Migd.create(Settings.of(all));
        Tracing tracing = migd.gateway().tracing();
        migd.stop();
        return tracing;
    }
}
