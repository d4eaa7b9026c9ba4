package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Quotas, policy decisions and audit export over real HTTP. */
class ProRoutesTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().build();

    @Test
    void lifetimeQuotaCountsAcrossRoutesAndRefusesWith429() {
        MigdServer.Reply stored = server.post("/pro/v0.1/quotas", "{\"tenant_id\":\"q-life\",\"max_invocations\":2}");
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().path("remaining").asLong()).isEqualTo(2);
        assertThat(invoke("q-life").status()).isEqualTo(200);
        // a streamed invoke counts too
        MigdServer.Reply streamed = server.post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"payload\":{\"input\":\"a b\"},\"stream_preference\":\"server_stream\"}", "X-Tenant-ID", "q-life");
        assertThat(streamed.body()).contains("event: mig-frame");
        MigdServer.Reply refused = invoke("q-life");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("MIG_RATE_LIMITED");
        assertThat(refused.header("Retry-After")).isNull();
        assertThat(invoke("q-other").status()).isEqualTo(200);

        JsonNode policy = server.post("/pro/v0.1/policies/validate",
                "{\"tenant_id\":\"q-life\",\"capability\":\"observatory.models.infer\",\"action\":\"invoke\"}").json();
        assertThat(policy.path("allowed").asBoolean()).isFalse();
        assertThat(policy.path("reason").asText()).contains("quota exhausted");
        JsonNode discover = server.post("/pro/v0.1/policies/validate",
                "{\"tenant_id\":\"q-life\",\"capability\":\"observatory.models.infer\",\"action\":\"discover\"}").json();
        assertThat(discover.path("allowed").asBoolean()).isTrue();
    }

    @Test
    void windowedQuotaAnswersRetryAfter() {
        server.post("/pro/v0.1/quotas", "{\"tenant_id\":\"q-win\",\"max_invocations\":1,\"window_seconds\":3600}");
        assertThat(invoke("q-win").status()).isEqualTo(200);
        MigdServer.Reply refused = invoke("q-win");
        assertThat(refused.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(refused.json().path("error").path("retryable").asBoolean()).isTrue();

        JsonNode listed = server.get("/pro/v0.1/quotas").json().path("quotas");
        JsonNode win = AdminRoutesTest.find(rename(listed), "q-win");
        assertThat(win.path("window_seconds").asLong()).isEqualTo(3600);
        assertThat(win.path("used").asLong()).isEqualTo(1);
        assertThat(win.has("resets_at")).isTrue();
    }

    @Test
    void badQuotasAre400() {
        assertThat(server.post("/pro/v0.1/quotas", "{\"max_invocations\":1}").status()).isEqualTo(400);
        assertThat(server.post("/pro/v0.1/quotas", "{\"tenant_id\":\"acme\",\"max_invocations\":\"many\"}").status()).isEqualTo(400);
        assertThat(server.post("/pro/v0.1/quotas", "{\"tenant_id\":\"acme\",\"max_invocations\":1,\"window_seconds\":-5}").status())
                .isEqualTo(400);
        assertThat(server.post("/pro/v0.1/quotas", "[]").status()).isEqualTo(400);
    }

    @Test
    void policyDecisionsFollowTheRealState() {
        assertThat(policy("{\"tenant_id\":\"acme\",\"capability\":\"acme.absent\",\"action\":\"invoke\"}").path("reason").asText())
                .contains("not registered");
        assertThat(policy("{\"tenant_id\":\"acme\",\"capability\":\"observatory.models.infer\",\"action\":\"invoke\","
                + "\"scopes\":[\"capability:other\"]}").path("allowed").asBoolean()).isFalse();
        assertThat(policy("{\"tenant_id\":\"acme\",\"capability\":\"observatory.models.infer\",\"action\":\"invoke\","
                + "\"scopes\":[\"capability:infer\"]}").path("allowed").asBoolean()).isTrue();
        assertThat(policy("{\"tenant_id\":\"acme\",\"capability\":\"acme.news\",\"action\":\"publish\"}").path("allowed").asBoolean())
                .isTrue();
        assertThat(policy("{\"tenant_id\":\"acme\",\"capability\":\"bad topic\",\"action\":\"subscribe\"}").path("allowed").asBoolean())
                .isFalse();
        JsonNode unsupported = policy("{\"tenant_id\":\"acme\",\"capability\":\"observatory.models.infer\",\"action\":\"delete\"}");
        assertThat(unsupported.path("allowed").asBoolean()).isFalse();
        assertThat(unsupported.path("reason").asText()).isEqualTo("unsupported action");
        assertThat(server.post("/pro/v0.1/policies/validate", "{\"capability\":\"x.y\",\"action\":\"invoke\"}").status()).isEqualTo(400);
        assertThat(server.post("/pro/v0.1/policies/validate", "{\"tenant_id\":\"acme\",\"action\":\"invoke\"}").status()).isEqualTo(400);
    }

    @Test
    void auditExportFiltersAndStreamsJsonLines() throws Exception {
        String since = Instant.now().toString();
        invoke("audit-t");
        server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":7}}", "X-Tenant-ID", "audit-t");
        JsonNode all = server.get("/pro/v0.1/audit/export?tenant_id=audit-t&since=" + since).json().path("records");
        assertThat(all).hasSize(2);
        JsonNode failures = server.get("/pro/v0.1/audit/export?tenant_id=audit-t&outcome=failure").json().path("records");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).path("code").asText()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(server.get("/pro/v0.1/audit/export?tenant_id=audit-t&limit=1").json().path("records").get(0)
                .path("outcome").asText()).isEqualTo("failure"); // the newest one
        assertThat(server.get("/pro/v0.1/audit/export?capability=pro.quotas.set").json().path("records").size()).isPositive();

        MigdServer.Reply lines = server.get("/pro/v0.1/audit/export?tenant_id=audit-t&format=jsonl");
        assertThat(lines.header("Content-Type")).startsWith("application/x-ndjson");
        String[] split = lines.body().split("\n");
        assertThat(split).hasSize(2);
        for (String line : split) {
            assertThat(MigJson.mapper().readTree(line).path("tenant_id").asText()).isEqualTo("audit-t");
        }
        assertThat(server.get("/pro/v0.1/audit/export?outcome=maybe").status()).isEqualTo(400);
        assertThat(server.get("/pro/v0.1/audit/export?since=yesterday").status()).isEqualTo(400);
        assertThat(server.get("/pro/v0.1/audit/export?limit=0").status()).isEqualTo(400);
        assertThat(server.get("/pro/v0.1/audit/export?format=xml").status()).isEqualTo(400);
    }

    private static JsonNode policy(String body) {
        MigdServer.Reply reply = server.post("/pro/v0.1/policies/validate", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static MigdServer.Reply invoke(String tenant) {
        return server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"hi\"}}", "X-Tenant-ID", tenant);
    }

    /** Quotas are keyed by tenant_id; reuse the id-based finder. */
    private static JsonNode rename(JsonNode quotas) {
        var out = MigJson.mapper().createArrayNode();
        quotas.forEach(q -> out.add(((com.fasterxml.jackson.databind.node.ObjectNode) q.deepCopy()).put("id", q.path("tenant_id").asText())));
        return out;
    }
}
