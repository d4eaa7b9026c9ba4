package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Jwts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In jwt mode the NATS binding authenticates the {@code Authorization} NATS header like HTTP does (SPEC §7). */
class NatsJwtTest {
    private static final String SECRET = "nats-jwt-secret-of-at-least-32-bytes!";
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().withNats().jwt(SECRET).build();
    private static NatsClient client;

    @BeforeAll
    static void start() {
        client = NatsClient.connect(server.nats().url());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static String token(String tenant) {
        return Jwts.hs256(SECRET, Jwts.claims(tenant, tenant + "-user", "capability:infer"));
    }

    @Test
    void withoutATokenTheReplyIsUnauthorized() {
        assertThat(client.request("mig.v0_1.acme.hello", "{}").errorCode()).isEqualTo("MIG_UNAUTHORIZED");
        assertThat(client.request("mig.v0_1.acme.hello", "{}", "Authorization", "Bearer not.a.jwt").errorCode())
                .isEqualTo("MIG_UNAUTHORIZED");
    }

    @Test
    void aValidBearerTokenServesEveryOperation() {
        String auth = "Bearer " + token("acme");
        NatsClient.Reply hello = client.request("mig.v0_1.acme.hello", "{}", "Authorization", auth);
        assertThat(hello.json().path("header").path("tenant_id").asText()).isEqualTo("acme");
        NatsClient.Reply invoked = client.request("mig.v0_1.acme.invoke.observatory.models.infer",
                "{\"payload\":{\"input\":\"signed\"}}", "Authorization", auth);
        assertThat(invoked.json().path("payload").path("result").asText()).isEqualTo("signed");
    }

    @Test
    void aSubjectTenantOtherThanTheTokensIsForbidden() {
        NatsClient.Reply reply = client.request("mig.v0_1.globex.hello", "{}", "Authorization", "Bearer " + token("acme"));
        assertThat(reply.errorCode()).isEqualTo("MIG_FORBIDDEN");
    }
}
