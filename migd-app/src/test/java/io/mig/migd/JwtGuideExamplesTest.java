package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.testing.Await;
import io.mig.core.testing.Jwts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guide's JWT mode (§4.2: {@code MIGD_AUTH_MODE=jwt MIGD_JWT_HS256_SECRET=supersecret}) with
 * tokens minted exactly as docs/SECURITY.md says ({@code bin/mint-token}), and the guide's §7 curl
 * examples run by the real curl with only host and port changed and the bearer header added.
 */
class JwtGuideExamplesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path SECURITY = ROOT.resolve("docs/SECURITY.md");
    static final String AUTH = " -H \"Authorization: Bearer $TOKEN\"";

    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().jwt("supersecret").build();
    static Map<String, String> tokens;

    @BeforeAll
    static void start() throws Exception {
        tokens = mintAsDocumented();
    }

    /** Runs the {@code TOKEN=$(bin/mint-token …)} lines of docs/SECURITY.md from the repository root. */
    static Map<String, String> mintAsDocumented() throws Exception {
        List<String> lines = Files.readAllLines(SECURITY).stream()
                .filter(line -> line.matches("[A-Z_]*TOKEN=\\$\\(bin/mint-token .*\\)")).toList();
        assertThat(lines).as("minting commands in docs/SECURITY.md").hasSize(2);
        String script = String.join("\n", lines) + "\necho \"TOKEN=$TOKEN\"\necho \"ADMIN_TOKEN=$ADMIN_TOKEN\"\n";
        Process bash = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        Map<String, String> minted = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.matches("[A-Z_]*TOKEN=[A-Za-z0-9_.-]+")) {
                minted.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(minted).containsOnlyKeys("TOKEN", "ADMIN_TOKEN");
        return minted;
    }

    static JsonNode run(String command) throws Exception {
        return GuideExamples.run(command, server.baseUrl(), tokens);
    }

    static String example(List<String> blocks, String containing) {
        return GuideExamples.example(blocks, containing);
    }

    @Test
    void theGuidesCoreWorkflowsWorkWithTheMintedToken() throws Exception {
        List<String> core = GuideExamples.curlBlocks(7);
        JsonNode refused = run(example(core, "/hello"));
        assertThat(refused.at("/error/code").asText()).as("without the token").isEqualTo("MIG_UNAUTHORIZED");

        JsonNode hello = run(example(core, "/hello") + AUTH);
        assertThat(hello.at("/header/tenant_id").asText()).isEqualTo("acme");
        assertThat(run(example(core, "/discover") + AUTH).path("capabilities").findValuesAsText("id"))
                .contains("observatory.models.infer");
        JsonNode invoke = run(example(core, "/invoke/") + AUTH);
        assertThat(invoke.at("/payload/result").asText()).as(invoke.toString()).isEqualTo("hello");
        assertThat(run(example(core, "/invoke/") + AUTH).at("/header/meta/idg.idempotent_replay").asBoolean()).isTrue();
        JsonNode cancel = run(example(core, "/cancel/") + AUTH);
        assertThat(cancel.path("status").asText()).isEqualTo("recorded");

        try (GuideExamples.Background subscriber = GuideExamples.background(example(core, "/subscribe/") + AUTH,
                server.baseUrl(), tokens)) {
            awaitSubscribers(1);
            assertThat(run(example(core, "/publish/") + AUTH).path("accepted").asBoolean()).isTrue();
            assertThat(subscriber.awaitLine(l -> l.startsWith("data:"))).as("the subscriber got the event").contains("\"ok\"");
        }
    }

    @Test
    void theSecurityDocsExamplesWork() throws Exception {
        List<String> blocks = curlBlocks(SECURITY);
        JsonNode invoke = run(example(blocks, "/invoke/"));
        assertThat(invoke.at("/payload/result").asText()).isEqualTo("hello");
        String connections = example(blocks, "/admin/v0.1/connections");
        assertThat(run(connections).at("/summary/total").isInt()).as("the admin token opens the viewer").isTrue();
        assertThat(run(connections.replace("$ADMIN_TOKEN", "$TOKEN")).at("/error/code").asText())
                .as("the tenant token does not").isEqualTo("MIG_FORBIDDEN");
    }

    @Test
    void withoutTheCapabilityScopeDiscoverOmitsItAndInvokeIsForbidden() throws Exception {
        List<String> core = GuideExamples.curlBlocks(7);
        String noScope = Jwts.hs256("supersecret", Jwts.claims("acme", "cli-user", null));
        String auth = " -H \"Authorization: Bearer " + noScope + "\"";
        assertThat(run(example(core, "/discover") + auth).path("capabilities").findValuesAsText("id"))
                .doesNotContain("observatory.models.infer");
        assertThat(run(example(core, "/invoke/") + auth).at("/error/code").asText()).isEqualTo("MIG_FORBIDDEN");
    }

    static List<String> curlBlocks(Path markdown) {
        return GuideExamples.curlBlocks(markdown, null);
    }

    private static void awaitSubscribers(int expected) {
        Await.until(Duration.ofSeconds(10), () -> openSubscriptions() == expected,
                () -> expected + " open subscriptions, not " + openSubscriptions());
    }

    private static int openSubscriptions() {
        return server.get("/admin/v0.1/connections", "Authorization", "Bearer " + tokens.get("ADMIN_TOKEN"))
                .json().at("/summary/total").asInt();
    }
}
