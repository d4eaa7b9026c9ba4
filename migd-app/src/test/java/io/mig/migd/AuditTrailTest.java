package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §8.3: one audit record per INVOKE outcome (every error code) and per control-plane mutation,
 * appended to the JSONL file before the answer is sent, and the file keeps growing across restarts.
 */
class AuditTrailTest {
    @TempDir
    Path dir;

    @Test
    void everyInvokeOutcomeAndMutationIsOnDiskBeforeTheAnswer() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (MigdServer server = MigdServer.start(Map.of("MIGD_AUDIT_LOG_PATH", file.toString()))) {
            expect(server, file, "MIG_INVALID_REQUEST", "not json");
            expect(server, file, "MIG_INVALID_REQUEST", "{\"payload\":{\"input\":1}}");
            expect(server, file, "MIG_VERSION_MISMATCH", "{\"header\":{\"mig_version\":\"9.9\"},\"payload\":{\"input\":\"x\"}}");
            expect(server, file, "MIG_FORBIDDEN", "{\"header\":{\"tenant_id\":\"other\"},\"payload\":{\"input\":\"x\"}}");
            server.post("/mig/v0.1/cancel/msg-cancelled-early", "{}", "X-Tenant-ID", "acme");
            expect(server, file, "MIG_TIMEOUT", "{\"header\":{\"message_id\":\"msg-cancelled-early\"},\"payload\":{\"input\":\"x\"}}");

            server.post("/admin/v0.1/capabilities", AdminRoutesTest.descriptor("acme.tools.unbound", "1.0.0", ""));
            assertThat(server.post("/mig/v0.1/invoke/acme.tools.unbound", "{\"payload\":{}}", "X-Tenant-ID", "acme").errorCode())
                    .isEqualTo("MIG_UNAVAILABLE");
            assertThat(last(file).path("code").asText()).isEqualTo("MIG_UNAVAILABLE");
            assertThat(server.post("/mig/v0.1/invoke/acme.tools.none", "{\"payload\":{}}", "X-Tenant-ID", "acme").errorCode())
                    .isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
            assertThat(last(file).path("code").asText()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");

            // a provider whose answer violates the registered output schema: 502 MIG_INTERNAL
            server.post("/admin/v0.1/capabilities", AdminRoutesTest.descriptor("acme.tools.liar", "1.0.0",
                    ",\"provider\":{\"type\":\"test-echo\",\"reply\":{\"result\":5}}"));
            server.post("/admin/v0.1/schemas", "{\"uri\":\"schema://acme.tools.liar/out\",\"schema\":{\"properties\":{\"result\":{\"type\":\"string\"}}}}");
            MigdServer.Reply liar = server.post("/mig/v0.1/invoke/acme.tools.liar", "{\"payload\":{}}", "X-Tenant-ID", "acme");
            assertThat(liar.status()).isEqualTo(502);
            assertThat(liar.errorCode()).isEqualTo("MIG_INTERNAL");
            assertThat(liar.json().path("error").path("details").path("violations").get(0).path("path").asText()).isEqualTo("/result");
            assertThat(last(file).path("code").asText()).isEqualTo("MIG_INTERNAL");

            server.post("/pro/v0.1/quotas", "{\"tenant_id\":\"acme\",\"max_invocations\":0}");
            assertThat(last(file).path("capability").asText()).isEqualTo("pro.quotas.set");
            expect(server, file, "MIG_RATE_LIMITED", "{\"payload\":{\"input\":\"x\"}}");

            MigdServer.Reply ok = server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"x\"}}",
                    "X-Tenant-ID", "fresh", "X-Actor", "alice");
            JsonNode success = last(file);
            assertThat(success.path("outcome").asText()).isEqualTo("success");
            assertThat(success.path("actor").asText()).isEqualTo("alice");
            assertThat(success.path("message_id").asText()).isEqualTo(ok.json().path("header").path("message_id").asText());
            assertThat(success.path("traceparent").asText()).isEqualTo(ok.json().path("header").path("traceparent").asText());
            assertThat(success.path("binding").asText()).isEqualTo("http");

            server.delete("/admin/v0.1/capabilities/acme.tools.none");
            JsonNode failedDelete = last(file);
            assertThat(failedDelete.path("capability").asText()).isEqualTo("admin.capabilities.delete");
            assertThat(failedDelete.path("code").asText()).isEqualTo("MIG_NOT_FOUND");
            server.post("/cloud/v0.1/orgs", "{\"name\":\"Acme\"}", "X-Actor", "bob");
            assertThat(last(file).path("capability").asText()).isEqualTo("cloud.orgs.create");
            assertThat(last(file).path("actor").asText()).isEqualTo("bob");
        }
        List<String> before = Files.readAllLines(file);
        assertThat(before).extracting(line -> MigJson.mapper().readTree(line).path("capability").asText())
                .contains("admin.capabilities.upsert", "admin.schemas.upsert", "pro.quotas.set", "cloud.orgs.create");

        try (MigdServer restarted = MigdServer.start(Map.of("MIGD_AUDIT_LOG_PATH", file.toString()))) {
            restarted.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"again\"}}", "X-Tenant-ID", "acme");
        }
        List<String> after = Files.readAllLines(file);
        assertThat(after).hasSize(before.size() + 1);
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        assertThat(MigJson.mapper().readTree(after.get(after.size() - 1)).path("outcome").asText()).isEqualTo("success");
    }

    /** Invokes the demo as tenant acme and checks that the failure record is already in the file. */
    private static void expect(MigdServer server, Path file, String code, String body) throws Exception {
        MigdServer.Reply reply = server.post("/mig/v0.1/invoke/observatory.models.infer", body, "X-Tenant-ID", "acme");
        assertThat(reply.errorCode()).as(reply.body()).isEqualTo(code);
        JsonNode record = last(file);
        assertThat(record.path("outcome").asText()).isEqualTo("failure");
        assertThat(record.path("code").asText()).isEqualTo(code);
        assertThat(record.path("capability").asText()).isEqualTo("observatory.models.infer");
    }

    private static JsonNode last(Path file) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        assertThat(lines).isNotEmpty();
        return MigJson.mapper().readTree(lines.get(lines.size() - 1));
    }
}
