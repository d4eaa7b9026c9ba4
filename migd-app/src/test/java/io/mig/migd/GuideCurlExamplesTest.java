package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The user guide's §10 and §11 commands, run verbatim with the real {@code curl} (only host and port
 * changed, {@code <org-id>}/{@code <tenant-id>} filled from the earlier answers).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuideCurlExamplesTest {
    static MigdServer server;
    private static String orgId;
    private static String tenantId;

    @BeforeAll
    static void start() {
        server = MigdServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Order(1)
    void addCapability_10_1() throws Exception {
        JsonNode answer = curl("""
                curl -sS -X POST http://localhost:8080/admin/v0.1/capabilities \\
                  -H 'Content-Type: application/json' \\
                  -d '{
                    "descriptor": {
                      "id": "acme.tools.summarize",
                      "version": "1.0.0",
                      "modes": ["unary"],
                      "input_schema_uri": "schema://acme/summarize/input/v1",
                      "output_schema_uri": "schema://acme/summarize/output/v1",
                      "auth_scopes": ["capability:summarize"],
                      "event_topics": ["acme.summarize.completed"]
                    }
                  }'
                """);
        assertThat(answer.path("id").asText()).isEqualTo("acme.tools.summarize");
        assertThat(answer.path("auth_scopes").get(0).asText()).isEqualTo("capability:summarize");
    }

    @Test
    @Order(2)
    void addSchema_10_2() throws Exception {
        JsonNode answer = curl("""
                curl -sS -X POST http://localhost:8080/admin/v0.1/schemas \\
                  -H 'Content-Type: application/json' \\
                  -d '{
                    "uri": "schema://acme/summarize/input/v1",
                    "schema": {
                      "type": "object",
                      "properties": {"text": {"type": "string"}},
                      "required": ["text"]
                    }
                  }'
                """);
        assertThat(answer.path("uri").asText()).isEqualTo("schema://acme/summarize/input/v1");
    }

    @Test
    @Order(3)
    void registeredSchemaRejectsAnInvalidPayloadPrecisely() {
        MigdServer.Reply reply = server.post("/mig/v0.1/invoke/acme.tools.summarize",
                "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"text\":42}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        JsonNode violation = reply.json().path("error").path("details").path("violations").get(0);
        assertThat(violation.path("path").asText()).isEqualTo("/text");
        assertThat(violation.path("message").asText()).contains("String").contains("Integer");

        MigdServer.Reply missing = server.post("/mig/v0.1/invoke/acme.tools.summarize",
                "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{}}");
        assertThat(missing.json().path("error").path("details").path("violations").get(0).path("path").asText())
                .isEqualTo("/text");
    }

    @Test
    @Order(4)
    void listCapabilities_10_3() throws Exception {
        JsonNode answer = curl("curl -sS http://localhost:8080/admin/v0.1/capabilities");
        assertThat(answer.path("capabilities").findValuesAsText("id"))
                .contains("acme.tools.summarize", "observatory.models.infer");
    }

    @Test
    @Order(5)
    void policyValidate_11() throws Exception {
        JsonNode answer = curl("""
                curl -sS -X POST http://localhost:8080/pro/v0.1/policies/validate \\
                  -H 'Content-Type: application/json' \\
                  -d '{"tenant_id":"acme","capability":"observatory.models.infer","action":"invoke"}'
                """);
        assertThat(answer.path("allowed").asBoolean()).isTrue();
        assertThat(answer.path("reason").asText()).contains("no quota applies");
    }

    @Test
    @Order(6)
    void quota_11() throws Exception {
        JsonNode answer = curl("""
                curl -sS -X POST http://localhost:8080/pro/v0.1/quotas \\
                  -H 'Content-Type: application/json' \\
                  -d '{"tenant_id":"acme","max_invocations":100}'
                """);
        assertThat(answer.path("tenant_id").asText()).isEqualTo("acme");
        assertThat(answer.path("max_invocations").asLong()).isEqualTo(100);
        assertThat(answer.path("remaining").asLong()).isEqualTo(100);
    }

    @Test
    @Order(7)
    void auditExport_11() throws Exception {
        server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"hi\"}}", "X-Tenant-ID", "acme");
        JsonNode answer = curl("curl -sS 'http://localhost:8080/pro/v0.1/audit/export?tenant_id=acme'");
        List<String> capabilities = answer.path("records").findValuesAsText("capability");
        assertThat(capabilities).contains("observatory.models.infer", "acme.tools.summarize");
        assertThat(answer.path("records").findValuesAsText("tenant_id")).containsOnly("acme");
    }

    @Test
    @Order(8)
    void cloudOrg_11() throws Exception {
        JsonNode answer = curl("""
                curl -sS -X POST http://localhost:8080/cloud/v0.1/orgs \\
                  -H 'Content-Type: application/json' \\
                  -d '{"name":"Acme"}'
                """);
        orgId = answer.path("id").asText();
        assertThat(orgId).startsWith("org-");
        assertThat(answer.path("name").asText()).isEqualTo("Acme");
    }

    @Test
    @Order(9)
    void cloudTenant_11() throws Exception {
        JsonNode answer = curl("""
                curl -sS -X POST http://localhost:8080/cloud/v0.1/tenants \\
                  -H 'Content-Type: application/json' \\
                  -d '{"org_id":"<org-id>","name":"Acme Prod"}'
                """, "<org-id>", orgId);
        tenantId = answer.path("id").asText();
        assertThat(tenantId).startsWith("tenant-");
        assertThat(answer.path("org_id").asText()).isEqualTo(orgId);
    }

    @Test
    @Order(10)
    void cloudGateway_11() throws Exception {
        JsonNode answer = curl("""
                curl -sS -X POST http://localhost:8080/cloud/v0.1/gateways \\
                  -H 'Content-Type: application/json' \\
                  -d '{"tenant_id":"<tenant-id>","region":"us-east-1","binding":"http"}'
                """, "<tenant-id>", tenantId);
        assertThat(answer.path("id").asText()).startsWith("gw-");
        assertThat(answer.path("tenant_id").asText()).isEqualTo(tenantId);
        assertThat(answer.path("binding").asText()).isEqualTo("http");
    }

    @Test
    @Order(11)
    void usage_11() throws Exception {
        JsonNode answer = curl("curl -sS http://localhost:8080/cloud/v0.1/usage");
        assertThat(answer.path("tenant_invocations").path("acme").asLong()).isEqualTo(1);
        assertThat(answer.path("capability_invocations").path("observatory.models.infer").asLong()).isEqualTo(1);
        assertThat(answer.path("total_invocations").asLong()).isEqualTo(1);
    }

    /**
     * Runs one of the guide's §10/§11 commands — it must be in docs/USER-GUIDE.md exactly as given
     * here — with bash and the real curl; {@code fill} are placeholder/value pairs.
     */
    private static JsonNode curl(String command, String... fill) throws Exception {
        List<String> guide = new java.util.ArrayList<>(GuideExamples.curlBlocks(10));
        guide.addAll(GuideExamples.curlBlocks(11));
        assertThat(guide).as("the command is in the user guide verbatim").contains(command.trim());
        String filled = command;
        for (int i = 0; i + 1 < fill.length; i += 2) {
            filled = filled.replace(fill[i], fill[i + 1]);
        }
        JsonNode json = GuideExamples.run(filled, server.baseUrl());
        assertThat(json.has("error")).as("not an error envelope: " + json).isFalse();
        return json;
    }
}
