package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.port.out.AuditHistory;
import io.mig.core.port.out.AuditRecord;
import io.mig.core.testing.Jwts;
import io.mig.migd.MigdServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tenant and principal resolution (SPEC §3.2) and scope filtering (SPEC §3.3), in both auth modes. */
class TenantRulesTest {
    static final String SECRET = "a-long-enough-secret-for-hs256-tokens!";
    static final String HELLO = "/mig/v0.1/hello";
    static final String INFER = "/mig/v0.1/invoke/observatory.models.infer";

    static Map<String, String> jwt(String... more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_HS256_SECRET", SECRET));
        for (int i = 0; i + 1 < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    static String token(String tenant, String scope) {
        return Jwts.hs256(SECRET, Jwts.claims(tenant, tenant + "-user", scope));
    }

    static String helloTenant(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().at("/header/tenant_id").asText();
    }

    @Test
    void authNoneReconcilesHeaderAndBody() {
        try (MigdServer server = MigdServer.start()) {
            assertThat(helloTenant(server.post(HELLO, "{}", "X-Tenant-ID", "acme"))).isEqualTo("acme");
            assertThat(helloTenant(server.post(HELLO, "{\"header\":{\"tenant_id\":\"acme\"}}"))).isEqualTo("acme");
            assertThat(helloTenant(server.post(HELLO, "{\"header\":{\"tenant_id\":\"acme\"}}", "X-Tenant-ID", "acme")))
                    .isEqualTo("acme");
            Reply conflict = server.post(HELLO, "{\"header\":{\"tenant_id\":\"globex\"}}", "X-Tenant-ID", "acme");
            assertThat(conflict.status()).isEqualTo(403);
            assertThat(conflict.errorCode()).isEqualTo("MIG_FORBIDDEN");
            Reply none = server.post(HELLO, "{}");
            assertThat(none.status()).isEqualTo(400);
            assertThat(none.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
            assertThat(none.json().at("/error/message").asText()).contains("tenant_id is required");
        }
    }

    @Test
    void requireTenantHeaderMakesTheHeaderMandatoryInBothModes() {
        try (MigdServer open = MigdServer.start(Map.of("MIGD_REQUIRE_TENANT_HEADER", "true"));
             MigdServer jwt = MigdServer.start(jwt("MIGD_REQUIRE_TENANT_HEADER", "true"))) {
            Reply bodyOnly = open.post(HELLO, "{\"header\":{\"tenant_id\":\"acme\"}}");
            assertThat(bodyOnly.status()).isEqualTo(400);
            assertThat(bodyOnly.json().at("/error/details/field").asText()).isEqualTo("X-Tenant-ID");
            assertThat(helloTenant(open.post(HELLO, "{}", "X-Tenant-ID", "acme"))).isEqualTo("acme");

            String acme = "Bearer " + token("acme", null);
            Reply tokenOnly = jwt.post(HELLO, "{}", "Authorization", acme);
            assertThat(tokenOnly.status()).as("the token's tenant is not enough").isEqualTo(400);
            assertThat(tokenOnly.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
            assertThat(helloTenant(jwt.post(HELLO, "{}", "Authorization", acme, "X-Tenant-ID", "acme"))).isEqualTo("acme");
            assertThat(jwt.post(HELLO, "{}", "Authorization", acme, "X-Tenant-ID", "globex").status()).isEqualTo(403);
            assertThat(jwt.post(HELLO, "{}", "X-Tenant-ID", "acme").status()).as("no token: 401 first").isEqualTo(401);
        }
    }

    @Test
    void authJwtTakesTheTenantFromTheToken() {
        try (MigdServer server = MigdServer.start(jwt())) {
            String acme = "Bearer " + token("acme", null);
            assertThat(helloTenant(server.post(HELLO, "{}", "Authorization", acme))).isEqualTo("acme");
            assertThat(helloTenant(server.post(HELLO, "{\"header\":{\"tenant_id\":\"acme\"}}", "Authorization", acme,
                    "X-Tenant-ID", "acme"))).isEqualTo("acme");
            Reply noTenant = server.post(HELLO, "{}", "Authorization",
                    "Bearer " + Jwts.hs256(SECRET, Jwts.with(Jwts.claims("acme", "u", null), "tenant_id", null)),
                    "X-Tenant-ID", "acme");
            assertThat(noTenant.status()).isEqualTo(401);
            assertThat(noTenant.errorCode()).isEqualTo("MIG_UNAUTHORIZED");
            Reply byName = server.post(HELLO, "{}", "Authorization", "Bearer " + Jwts.hs256(SECRET,
                    Jwts.with(Jwts.with(Jwts.claims("acme", "u", null), "tenant_id", null), "tenant", "globex")));
            assertThat(helloTenant(byName)).as("the tenant claim").isEqualTo("globex");
        }
    }

    @Test
    void xActorIsHonouredOnlyWithoutAuthentication() {
        String body = "{\"payload\":{\"input\":\"hi\"}}";
        try (MigdServer open = MigdServer.start(); MigdServer jwt = MigdServer.start(jwt())) {
            assertThat(open.post(INFER, body, "X-Tenant-ID", "acme", "X-Actor", "ops-bot").status()).isEqualTo(200);
            assertThat(lastAudit(open).actor()).isEqualTo("ops-bot");

            assertThat(jwt.post(INFER, body, "Authorization", "Bearer " + token("acme", "capability:infer"),
                    "X-Actor", "root").status()).isEqualTo(200);
            assertThat(lastAudit(jwt).actor()).as("the token's sub").isEqualTo("acme-user");
            assertThat(jwt.post(INFER, body, "Authorization", "Bearer forged", "X-Actor", "root", "X-Tenant-ID", "acme")
                    .status()).isEqualTo(401);
            AuditRecord refused = lastAudit(jwt);
            assertThat(refused.outcome()).isEqualTo(AuditRecord.FAILURE);
            assertThat(refused.code()).isEqualTo("MIG_UNAUTHORIZED");
            assertThat(refused.actor()).as("an unauthenticated caller names nobody").isEqualTo("anonymous");
        }
    }

    @Test
    void discoverIsScopeFilteredInJwtModeOnly() {
        CapabilityDescriptor secret = new CapabilityDescriptor("acme.tools.secret", "1.0.0", List.of(InvocationMode.UNARY),
                "schema://x/in", "schema://x/out", List.of("capability:secret"), List.of(), null, null);
        CapabilityDescriptor open = new CapabilityDescriptor("acme.tools.public", "1.0.0", List.of(InvocationMode.UNARY),
                "schema://x/in", "schema://x/out", List.of(), List.of(), null, null);
        try (MigdServer none = MigdServer.start(); MigdServer jwt = MigdServer.start(jwt())) {
            for (MigdServer server : List.of(none, jwt)) {
                server.migd().gateway().register(secret, new CountingProvider());
                server.migd().gateway().register(open, new CountingProvider());
            }
            assertThat(ids(none.post("/mig/v0.1/discover", "{}", "X-Tenant-ID", "acme")))
                    .containsExactlyInAnyOrder("observatory.models.infer", "acme.tools.secret", "acme.tools.public");
            assertThat(ids(jwt.post("/mig/v0.1/discover", "{}", "Authorization", "Bearer " + token("acme", "capability:infer"))))
                    .containsExactlyInAnyOrder("observatory.models.infer", "acme.tools.public");
            assertThat(ids(jwt.post("/mig/v0.1/discover", "{}", "Authorization", "Bearer " + token("acme", null))))
                    .containsExactly("acme.tools.public");
            assertThat(ids(jwt.post("/mig/v0.1/discover", "{}", "Authorization",
                    "Bearer " + Jwts.hs256(SECRET, Jwts.with(Jwts.claims("acme", "u", null), "scopes",
                            List.of("capability:secret", "capability:infer"))))))
                    .containsExactlyInAnyOrder("observatory.models.infer", "acme.tools.secret", "acme.tools.public");
            // what DISCOVER hides, INVOKE refuses; in auth none everything is invocable
            assertThat(jwt.post("/mig/v0.1/invoke/acme.tools.secret", "{}", "Authorization", "Bearer " + token("acme", "capability:infer"))
                    .errorCode()).isEqualTo("MIG_FORBIDDEN");
            assertThat(none.post("/mig/v0.1/invoke/acme.tools.secret", "{}", "X-Tenant-ID", "acme").status()).isEqualTo(200);
        }
    }

    @Test
    void opsRoutesAndTheConsoleNeedNoToken() {
        try (MigdServer server = MigdServer.start(jwt())) {
            assertThat(server.get("/healthz").status()).isEqualTo(200);
            assertThat(server.get("/readyz").status()).isEqualTo(200);
            assertThat(server.get("/ui").status()).isEqualTo(200);
            // served by other parts of migd; whatever they answer, it is not an auth refusal
            for (String path : List.of("/metrics", "/openapi/mig.v0.1.yaml")) {
                assertThat(server.get(path).status()).as(path).isNotIn(401, 403);
            }
            assertThat(server.post(HELLO, "{}", "X-Tenant-ID", "acme").status()).as("MIG routes do").isEqualTo(401);
        }
    }

    private static List<String> ids(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode capability : reply.json().path("capabilities")) {
            ids.add(capability.path("id").asText());
        }
        return ids;
    }

    private static AuditRecord lastAudit(TestGateway server) {
        AuditHistory log = (AuditHistory) server.migd().gateway().auditSink();
        List<AuditRecord> records = log.query(r -> true, 1);
        assertThat(records).isNotEmpty();
        return records.get(0);
    }
}
