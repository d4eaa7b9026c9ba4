package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.migd.MigdServer.Reply;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway extension itself: on an instance field a fresh gateway per test, configured as declared. */
class MigdExtensionTest {
    private static final String SECRET = "extension-test-secret-of-at-least-32-bytes";
    private static final String ECHO = "tests.extension.echo";
    private static final Set<Migd> seen = ConcurrentHashMap.newKeySet();

    private final CountingProvider provider = new CountingProvider();

    @RegisterExtension
    final MigdExtension server = MigdExtension.inProcess().jwt(SECRET).noDemoCapabilities().quiet()
            .provider(CountingProvider.descriptor(ECHO), provider).build();

    @Test
    void theDeclaredProviderAnswersATokenMintedForTheSecretAndNothingElse() {
        String token = server.token("acme", "alice", CountingProvider.SCOPE);
        Reply echoed = server.post("/mig/v0.1/invoke/" + ECHO, "{\"payload\":{\"n\":1}}", "Authorization", "Bearer " + token);
        assertThat(echoed.status()).as(echoed.body()).isEqualTo(200);
        assertThat(echoed.json().at("/payload/tenant").asText()).isEqualTo("acme");
        assertThat(provider.calls("acme")).isEqualTo(1);

        assertThat(server.post("/mig/v0.1/invoke/" + ECHO, "{\"payload\":{}}", "X-Tenant-ID", "acme").status())
                .as("jwt mode: no token, no call").isEqualTo(401);
        Reply demo = server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"x\"}}",
                "Authorization", "Bearer " + server.token("acme", "alice", "capability:infer"));
        assertThat(demo.errorCode()).as("no demo capabilities: " + demo.body()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
        assertThat(seen.add(server.migd())).as("a gateway of its own").isTrue();
    }

    @Test
    void eachTestOfAnInstanceFieldGetsAFreshGateway(MigdServer injected) {
        assertThat(injected).as("the injected gateway is the extension's").isSameAs(server.server());
        assertThat(injected.baseUrl()).isEqualTo(server.baseUrl());
        assertThat(server.get("/healthz").status()).isEqualTo(200);
        assertThat(provider.total()).as("calls of another test do not show here").isZero();
        assertThat(seen.add(server.migd())).as("a gateway of its own").isTrue();
    }
}
