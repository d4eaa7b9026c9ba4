package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} scraped over HTTP and parsed strictly (SPEC §8.1). */
class MetricsTest {
    @Test
    void scrapeHasTheGuidesMetricsWithBoundedLabels() {
        try (MigdServer server = MigdServer.start()) {
            server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"hi\"}}", "X-Tenant-ID", "acme");
            server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{}}", "X-Tenant-ID", "acme");
            server.post("/mig/v0.1/invoke/acme.nothing.here", "{\"payload\":{}}", "X-Tenant-ID", "acme");
            server.post("/mig/v0.1/publish/acme.news", "{\"payload\":{\"n\":1}}", "X-Tenant-ID", "acme");
            server.get("/cloud/v0.1/orgs/org-raw-id-123");

            MigdServer.Reply scrape = server.get("/metrics");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.header("Content-Type")).contains("text/plain").contains("version=0.0.4");
            PrometheusText metrics = PrometheusText.parse(scrape.body());

            assertThat(metrics.types).containsEntry("mig_gateway_http_requests_total", "counter")
                    .containsEntry("mig_gateway_http_request_duration_seconds", "histogram")
                    .containsEntry("mig_gateway_errors_total", "counter")
                    .containsEntry("mig_gateway_active_streams", "gauge")
                    .containsEntry("mig_gateway_invocations_total", "counter")
                    .containsEntry("mig_gateway_invocation_duration_seconds", "histogram")
                    .containsEntry("mig_gateway_events_published_total", "counter")
                    .containsEntry("mig_gateway_backpressure_total", "counter");
            assertThat(metrics.types.keySet()).anyMatch(name -> name.startsWith("jvm_memory"));

            assertThat(metrics.value("mig_gateway_http_requests_total", Map.of("method", "POST",
                    "path", "/mig/v0.1/invoke/{capability}", "status", "200"))).isEqualTo(1);
            assertThat(metrics.value("mig_gateway_http_request_duration_seconds_count",
                    Map.of("method", "POST", "path", "/mig/v0.1/invoke/{capability}"))).isEqualTo(3);
            assertThat(metrics.has("mig_gateway_http_requests_total", Map.of("path", "/cloud/v0.1/orgs/{id}", "status", "404"))).isTrue();
            assertThat(metrics.samples).noneMatch(s -> String.valueOf(s.labels().get("path")).contains("org-raw-id-123"));

            assertThat(metrics.value("mig_gateway_invocations_total", Map.of("capability", "observatory.models.infer",
                    "binding", "http", "outcome", "success"))).isEqualTo(1);
            assertThat(metrics.value("mig_gateway_invocations_total", Map.of("capability", "observatory.models.infer",
                    "outcome", "failure"))).isEqualTo(1);
            assertThat(metrics.value("mig_gateway_invocations_total", Map.of("capability", "_unknown"))).isEqualTo(1);
            assertThat(metrics.samples).noneMatch(s -> "acme.nothing.here".equals(s.labels().get("capability")));
            assertThat(metrics.value("mig_gateway_errors_total", Map.of("code", "MIG_INVALID_REQUEST", "operation", "invoke")))
                    .isEqualTo(1);
            assertThat(metrics.value("mig_gateway_errors_total", Map.of("code", "MIG_UNSUPPORTED_CAPABILITY",
                    "operation", "invoke"))).isEqualTo(1);
            assertThat(metrics.value("mig_gateway_errors_total", Map.of("code", "MIG_NOT_FOUND", "operation", "cloud")))
                    .isEqualTo(1);
            assertThat(metrics.value("mig_gateway_events_published_total", Map.of())).isEqualTo(1);
            assertThat(metrics.has("mig_gateway_active_streams", Map.of("type", "sse"))).isTrue();
        }
    }

    @Test
    void aPublishToATopicOverTheBoundIsRefusedAndCounted() {
        try (MigdServer server = MigdServer.start(Map.of("MIGD_MAX_TOPICS_PER_TENANT", "1"))) {
            assertThat(server.post("/mig/v0.1/publish/acme.first", "{\"payload\":{}}", "X-Tenant-ID", "acme").status())
                    .isEqualTo(200);
            MigdServer.Reply refused = server.post("/mig/v0.1/publish/acme.second", "{\"payload\":{}}", "X-Tenant-ID", "acme");
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("MIG_RATE_LIMITED");
            assertThat(refused.json().path("error").path("retryable").asBoolean()).isFalse();
            assertThat(refused.json().path("error").path("details").path("bound").asText()).isEqualTo("topics_per_tenant");

            PrometheusText metrics = PrometheusText.parse(server.get("/metrics").body());
            assertThat(metrics.types).containsEntry("mig_gateway_bound_hits_total", "counter");
            assertThat(metrics.value("mig_gateway_bound_hits_total", Map.of("bound", "topics_per_tenant"))).isEqualTo(1);
        }
    }

    @Test
    void metricsCanBeTurnedOff() {
        try (MigdServer server = MigdServer.start(Map.of("MIGD_ENABLE_METRICS", "false"))) {
            MigdServer.Reply reply = server.get("/metrics");
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.errorCode()).isEqualTo("MIG_NOT_FOUND");
            assertThat(server.migd().binding(io.mig.binding.http.HttpBinding.class).orElseThrow().routes())
                    .doesNotContain("GET /metrics");
        }
    }
}
