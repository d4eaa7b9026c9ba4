package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/v0.1/health/conformance} and HELLO's profiles from live checks (SPEC §8.2). */
class ConformanceHealthTest {
    @Test
    void everyCheckPassesOnAHealthyGatewayAndHelloListsTheProfiles() {
        try (MigdServer server = MigdServer.start()) {
            JsonNode report = server.get("/admin/v0.1/health/conformance").json();
            for (JsonNode check : report.path("checks")) {
                assertThat(check.path("ok").asBoolean()).as(check.toString()).isTrue();
            }
            assertThat(report.path("checks").findValuesAsText("name")).contains("hello", "discover", "unary_invoke",
                    "error_model", "stream_invoke", "stream_cancel", "publish_subscribe_replay", "audit_recording",
                    "traceparent_propagation", "metrics");
            assertThat(report.path("core").asBoolean()).isTrue();
            assertThat(report.path("full").asBoolean()).isTrue();

            JsonNode hello = server.post("/mig/v0.1/hello", "{\"supported_versions\":[\"0.1\"]}", "X-Tenant-ID", "acme").json();
            assertThat(hello.path("profiles").toString()).isEqualTo("[\"core\",\"streaming\",\"evented\",\"full\"]");
            assertThat(hello.path("enabled_features").toString()).contains("schema_validation");
            // the self-probe never shows up where customers look
            assertThat(server.get("/admin/v0.1/capabilities").body()).doesNotContain("migd.selfcheck");
            assertThat(server.post("/mig/v0.1/discover", "{}", "X-Tenant-ID", "acme").body()).doesNotContain("migd.selfcheck");
        }
    }

    @Test
    void withoutMetricsTheFullProfileIsNotClaimed() {
        try (MigdServer server = MigdServer.start(Map.of("MIGD_ENABLE_METRICS", "false"))) {
            JsonNode report = server.get("/admin/v0.1/health/conformance").json();
            assertThat(report.path("core").asBoolean()).isTrue();
            assertThat(report.path("streaming").asBoolean()).isTrue();
            assertThat(report.path("evented").asBoolean()).isTrue();
            assertThat(report.path("full").asBoolean()).isFalse();
            JsonNode metrics = null;
            for (JsonNode check : report.path("checks")) {
                if (check.path("name").asText().equals("metrics")) {
                    metrics = check;
                }
            }
            assertThat(metrics).isNotNull();
            assertThat(metrics.path("ok").asBoolean()).isFalse();
            assertThat(metrics.path("detail").asText()).contains("MIGD_ENABLE_METRICS");
            JsonNode hello = server.post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme").json();
            assertThat(hello.path("profiles").toString()).isEqualTo("[\"core\",\"streaming\",\"evented\"]");
        }
    }
}
