package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Orgs → tenants → gateways with referential integrity, and usage from real invocations. */
class CloudRoutesTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().build();

    @Test
    void createListAndGetWithReferentialIntegrity() {
        MigdServer.Reply org = server.post("/cloud/v0.1/orgs", "{\"name\":\"Initech\"}");
        assertThat(org.status()).isEqualTo(201);
        String orgId = org.json().path("id").asText();
        MigdServer.Reply tenant = server.post("/cloud/v0.1/tenants", "{\"org_id\":\"" + orgId + "\",\"name\":\"Prod\"}");
        assertThat(tenant.status()).isEqualTo(201);
        String tenantId = tenant.json().path("id").asText();
        MigdServer.Reply gateway = server.post("/cloud/v0.1/gateways",
                "{\"tenant_id\":\"" + tenantId + "\",\"region\":\"eu-west-1\",\"binding\":\"GRPC\"}");
        assertThat(gateway.status()).isEqualTo(201);
        assertThat(gateway.json().path("binding").asText()).isEqualTo("grpc");
        String gatewayId = gateway.json().path("id").asText();

        assertThat(server.get("/cloud/v0.1/orgs").json().path("orgs").findValuesAsText("id")).contains(orgId);
        assertThat(server.get("/cloud/v0.1/tenants").json().path("tenants").findValuesAsText("id")).contains(tenantId);
        assertThat(server.get("/cloud/v0.1/gateways").json().path("gateways").findValuesAsText("id")).contains(gatewayId);
        assertThat(server.get("/cloud/v0.1/orgs/" + orgId).json().path("name").asText()).isEqualTo("Initech");
        assertThat(server.get("/cloud/v0.1/tenants/" + tenantId).json().path("org_id").asText()).isEqualTo(orgId);
        assertThat(server.get("/cloud/v0.1/gateways/" + gatewayId).json().path("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void missingParentsAre404AndBadFieldsAre400() {
        MigdServer.Reply noOrg = server.post("/cloud/v0.1/tenants", "{\"org_id\":\"org-missing\",\"name\":\"x\"}");
        assertThat(noOrg.status()).isEqualTo(404);
        assertThat(noOrg.errorCode()).isEqualTo("MIG_NOT_FOUND");
        MigdServer.Reply noTenant = server.post("/cloud/v0.1/gateways",
                "{\"tenant_id\":\"tenant-missing\",\"region\":\"r\",\"binding\":\"http\"}");
        assertThat(noTenant.status()).isEqualTo(404);
        String orgId = server.post("/cloud/v0.1/orgs", "{\"name\":\"B\"}").json().path("id").asText();
        String tenantId = server.post("/cloud/v0.1/tenants", "{\"org_id\":\"" + orgId + "\",\"name\":\"T\"}").json().path("id").asText();
        MigdServer.Reply badBinding = server.post("/cloud/v0.1/gateways",
                "{\"tenant_id\":\"" + tenantId + "\",\"region\":\"r\",\"binding\":\"smtp\"}");
        assertThat(badBinding.status()).isEqualTo(400);
        assertThat(badBinding.json().path("error").path("details").path("field").asText()).isEqualTo("binding");
        MigdServer.Reply mcp = server.post("/cloud/v0.1/gateways",
                "{\"tenant_id\":\"" + tenantId + "\",\"region\":\"r\",\"binding\":\"mcp\"}");
        assertThat(mcp.status()).as("a gateway record names a MIG binding (SPEC §5), not mcp").isEqualTo(400);
        assertThat(server.post("/cloud/v0.1/orgs", "{}").status()).isEqualTo(400);
        assertThat(server.post("/cloud/v0.1/orgs", "{\"name\":5}").status()).isEqualTo(400);
        for (String kind : new String[] {"orgs", "tenants", "gateways"}) {
            MigdServer.Reply missing = server.get("/cloud/v0.1/" + kind + "/nope");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.errorCode()).isEqualTo("MIG_NOT_FOUND");
        }
    }

    @Test
    void usageCountsRealInvocationsPerTenantAndCapability() {
        for (int i = 0; i < 3; i++) {
            server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"x\"}}", "X-Tenant-ID", "use-a");
        }
        server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"x\"}}", "X-Tenant-ID", "use-b");
        server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{}}", "X-Tenant-ID", "use-b"); // refused
        JsonNode a = server.get("/cloud/v0.1/usage?tenant_id=use-a").json();
        assertThat(a.path("tenant_invocations").size()).isEqualTo(1);
        assertThat(a.path("tenant_invocations").path("use-a").asLong()).isEqualTo(3);
        assertThat(a.path("total_invocations").asLong()).isEqualTo(3);
        JsonNode all = server.get("/cloud/v0.1/usage").json();
        assertThat(all.path("tenant_invocations").path("use-b").asLong()).isEqualTo(1);
        assertThat(all.path("tenant_invocations").has("mig-internal")).isFalse();
        assertThat(all.path("capability_invocations").path("observatory.models.infer").asLong())
                .isEqualTo(all.path("total_invocations").asLong());
    }
}
