package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.mig.core.spi.Settings;
import io.mig.migd.mcp.McpUpstream;
import io.mig.migd.provider.HoldingUpstream;
import io.mig.migd.provider.Upstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of {@code MIGD_CONFIG_FILE} in a real migd process: the file is edited under it (in
 * place, and by renaming a new file over it) or SIGHUP is sent, and the change shows over HTTP.
 */
class ConfigReloadTest {
    /** How long a change may take to show: a check follows an event after 200 ms, polling every 2 s; margin for a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    private static final String SUMMARIZE_SCHEMA = """
            schemas:
              - uri: schema://acme/summarize/input/v1
                schema: {type: object, properties: {text: {type: string}}, required: [text]}
            """;

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private int port;

    @Test
    void editsAddReplaceAndRemoveWhatTheFileDeclaresAndNothingElse() throws Exception {
        Path file = Files.writeString(dir.resolve("migd.yaml"), SUMMARIZE_SCHEMA + "capabilities:\n"
                + capability("acme.tools.summarize", "1.0.0", "schema://acme/summarize/input/v1", "{summary: first}")
                + capability("acme.tools.retired", "1.0.0", "schema://acme/none/v1", "{}")
                + "quotas:\n  - {tenant_id: acme, max_invocations: 1}\n");
        try (MigdProcess migd = start(file, Map.of())) {
            assertThat(post("/admin/v0.1/capabilities", """
                    {"descriptor": {"id": "ops.tools.admin-made", "version": "1.0.0", "modes": ["unary"],
                     "input_schema_uri": "schema://ops/in/v1", "output_schema_uri": "schema://ops/out/v1", "auth_scopes": [],
                     "provider": {"type": "test-echo", "reply": {"by": "admin"}}}}""").statusCode()).isEqualTo(201);
            assertThat(invoke("acme.tools.summarize", "acme", "{\"text\":\"t\"}").path("payload").path("summary").asText())
                    .isEqualTo("first");
            assertThat(invoke("acme.tools.summarize", "acme", "{\"text\":\"t\"}").path("error").path("code").asText())
                    .as("the quota of 1").isEqualTo("MIG_RATE_LIMITED");

            // in place: replace one capability, remove one, add one, raise the quota
            Files.writeString(file, SUMMARIZE_SCHEMA + "capabilities:\n"
                    + capability("acme.tools.summarize", "1.1.0", "schema://acme/summarize/input/v1", "{summary: second}")
                    + capability("acme.tools.added", "1.0.0", "schema://acme/none/v1", "{}")
                    + "quotas:\n  - {tenant_id: acme, max_invocations: 3}\n");
            eventually(() -> assertThat(audit("config.reload")).hasSize(1));
            assertThat(discovered()).contains("acme.tools.added").doesNotContain("acme.tools.retired");
            assertThat(invoke("acme.tools.summarize", "acme", "{\"text\":\"t\"}").path("payload").path("summary").asText())
                    .as("replaced provider, and the raised quota (the count stays)").isEqualTo("second");
            assertThat(discovered()).as("made through the admin API, not the file's").contains("ops.tools.admin-made");

            // by rename, as editors and `kubectl cp` do: a new schema and the capability using it; the quota and the old schema go
            Path next = Files.writeString(dir.resolve(".migd.yaml.tmp"), """
                    schemas:
                      - uri: schema://acme/translate/input/v1
                        schema: {type: object, required: [lang]}
                    capabilities:
                    """ + capability("acme.tools.translate", "1.0.0", "schema://acme/translate/input/v1", "{text: hallo}"));
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            eventually(() -> assertThat(audit("config.reload")).hasSize(2));
            assertThat(discovered()).contains("acme.tools.translate").doesNotContain("acme.tools.summarize");
            assertThat(invoke("acme.tools.translate", "acme", "{}").path("error").path("details").path("violations").toString())
                    .as("validated by the schema added in the same reload").contains("lang");
            assertThat(invoke("acme.tools.translate", "acme", "{\"lang\":\"de\"}").path("payload").path("text").asText())
                    .as("no quota any more").isEqualTo("hallo");
            assertThat(get("/admin/v0.1/schemas").path("schemas").findValuesAsText("uri"))
                    .contains("schema://acme/translate/input/v1").doesNotContain("schema://acme/summarize/input/v1");
            assertThat(get("/pro/v0.1/quotas").path("quotas").findValuesAsText("tenant_id")).doesNotContain("acme");
            assertThat(discovered()).contains("ops.tools.admin-made");

            List<JsonNode> reloads = audit("config.reload");
            assertThat(reloads).as("one record per reload").hasSize(2)
                    .allSatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("success"))
                    .allSatisfy(r -> assertThat(r.path("actor").asText()).isEqualTo("migd-config"));
            assertThat(audit("admin.capabilities.delete")).extracting(r -> r.path("actor").asText())
                    .as("retired, then summarize and added: each once, by the file").containsExactly("migd-config", "migd-config", "migd-config");
            assertThat(audit("pro.quotas.delete")).hasSize(1);
            assertThat(audit("admin.schemas.upsert")).as("the unchanged schema is not registered again").hasSize(2);
            assertThat(migd.stderr()).anySatisfy(line -> assertThat(line)
                    .contains(" reloaded (file change): capabilities: 1 added, 1 replaced, 1 removed; quotas: 1 replaced"));
            assertThat(migd.stderr()).anySatisfy(line -> assertThat(line)
                    .contains(" reloaded (file change): schemas: 1 added, 1 removed; capabilities: 1 added, 2 removed; quotas: 1 removed"));
        }
    }

    @Test
    void federatedMcpServersDeclaredInTheFileComeAndGoWithIt() throws Exception {
        try (McpUpstream upstream = McpUpstream.start(McpUpstream.Era.LEGACY)) {
            Path file = Files.writeString(dir.resolve("migd.yaml"), "mcp_servers:\n  - {name: up, url: '" + upstream.url() + "'}\n");
            try (MigdProcess migd = start(file, Map.of())) {
                assertThat(discovered()).as("imported at start").contains("up.echo");
                assertThat(invoke("up.echo", "acme", "{\"text\":\"from the file\"}").path("payload").path("echo").asText())
                        .isEqualTo("from the file");

                Files.writeString(file, "mcp_servers: []\n");
                eventually(() -> assertThat(audit("config.reload")).hasSize(1));
                assertThat(discovered()).as("the server's tools left with it").noneMatch(id -> id.startsWith("up."));
                assertThat(get("/admin/v0.1/mcp/servers").path("servers").size()).isZero();
                assertThat(audit("admin.mcp_servers.delete")).extracting(r -> r.path("actor").asText()).containsExactly("migd-config");
            }
        }
    }

    @Test
    void anInvalidEditKeepsTheLastGoodConfigurationAndSaysWhereInOneLine() throws Exception {
        String good = SUMMARIZE_SCHEMA + "capabilities:\n"
                + capability("acme.tools.summarize", "1.0.0", "schema://acme/none/v1", "{summary: kept}");
        Path file = Files.writeString(dir.resolve("migd.yaml"), good);
        try (MigdProcess migd = start(file, Map.of())) {
            // valid YAML, one valid change (a new schema), one bad entry: nothing of it may be applied
            Files.writeString(file, good.replace("version: 1.0.0", "version: one")
                    .replace("schemas:\n", "schemas:\n  - {uri: 'schema://acme/new/v1', schema: {type: object}}\n")
                    + capability("acme.tools.new", "1.0.0", "schema://acme/new/v1", "{}"));
            eventually(() -> assertThat(audit("config.reload")).hasSize(1));
            JsonNode failure = audit("config.reload").get(0);
            assertThat(failure.path("outcome").asText()).isEqualTo("failure");
            assertThat(failure.path("code").asText()).isEqualTo("MIG_INVALID_REQUEST");
            assertThat(invoke("acme.tools.summarize", "acme", "{}").path("payload").path("summary").asText()).isEqualTo("kept");
            assertThat(discovered()).doesNotContain("acme.tools.new");
            assertThat(get("/admin/v0.1/schemas").path("schemas").findValuesAsText("uri")).doesNotContain("schema://acme/new/v1");

            Files.writeString(file, "capabilities:\n  - descriptor: {id: [unclosed\n");
            eventually(() -> assertThat(audit("config.reload")).hasSize(2));
            List<String> errors = migd.stderr().stream().filter(line -> line.contains(file.toString())).toList();
            assertThat(errors).as("one line per bad edit, naming the file and the place").hasSize(2);
            assertThat(errors.get(0)).contains("ERROR").contains("MIGD_CONFIG_FILE")
                    .contains("capabilities[0].descriptor.version").contains("the last good configuration stays in force");
            assertThat(errors.get(1)).contains("MIGD_CONFIG_FILE").contains("line ");
            assertThat(migd.stderr()).noneSatisfy(line -> assertThat(line).contains("\tat "));
            assertThat(invoke("acme.tools.summarize", "acme", "{}").path("payload").path("summary").asText()).isEqualTo("kept");

            Files.writeString(file, good.replace("kept", "fixed"));
            eventually(() -> assertThat(invoke("acme.tools.summarize", "acme", "{}").path("payload").path("summary").asText())
                    .isEqualTo("fixed"));
        }
    }

    @Test
    void aConfigMapSwapReplacesAnHttpProviderWithoutBreakingTheCallInFlight() throws Exception {
        try (HoldingUpstream slow = new HoldingUpstream();
             Upstream fast = Upstream.start(Upstream.json(200, "{\"payload\":{\"from\":\"fast\"}}"))) {
            // the layout of a mounted Kubernetes ConfigMap: migd.yaml -> ..data/migd.yaml, ..data -> ..<timestamp>
            Path first = Files.createDirectory(dir.resolve("..2026_12_01_first"));
            Files.writeString(first.resolve("migd.yaml"), httpCapability(slow.url()));
            Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
            Path file = Files.createSymbolicLink(dir.resolve("migd.yaml"), Path.of("..data", "migd.yaml"));
            try (MigdProcess migd = start(file, Map.of())) {
                CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(request("/mig/v0.1/invoke/acme.tools.slow")
                        .header("X-Tenant-ID", "acme").POST(HttpRequest.BodyPublishers.ofString("{\"payload\":{}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(slow.awaitRequests(1, BOUND.toMillis())).as("the call reached the first upstream").isTrue();

                Path second = Files.createDirectory(dir.resolve("..2026_12_01_second"));
                Files.writeString(second.resolve("migd.yaml"), httpCapability(fast.url()));
                Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
                Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                eventually(() -> assertThat(audit("config.reload")).hasSize(1));
                assertThat(invoke("acme.tools.slow", "acme", "{}").path("payload").path("from").asText()).isEqualTo("fast");

                slow.releaseAll();
                HttpResponse<String> held = inFlight.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
                assertThat(MigJson.mapper().readTree(held.body()).path("payload").path("released").asBoolean())
                        .as("the call in flight finished on the provider it started with").isTrue();
                assertThat(migd.stderr()).anySatisfy(line -> assertThat(line).contains("reloaded (file change): capabilities: 1 replaced"));
            }
        }
    }

    @Test
    void sighupReloadsWhenWatchingIsOff() throws Exception {
        Path file = Files.writeString(dir.resolve("migd.json"), "{\"quotas\": [{\"tenant_id\": \"acme\", \"max_invocations\": 5}]}");
        try (MigdProcess migd = start(file, Map.of("MIGD_CONFIG_RELOAD", "false"))) {
            Files.writeString(file, "{\"quotas\": [{\"tenant_id\": \"acme\", \"max_invocations\": 7}]}");
            migd.hangUp();
            eventually(() -> assertThat(get("/pro/v0.1/quotas").path("quotas").get(0).path("max_invocations").asLong()).isEqualTo(7));
            // had the file been watched, its reload would have come first and SIGHUP's would have found nothing to do
            assertThat(migd.stderr()).anySatisfy(line -> assertThat(line).contains("reloaded (SIGHUP): quotas: 1 replaced"));
            migd.hangUp();
            eventually(() -> assertThat(audit("config.reload")).hasSize(2));
            assertThat(migd.stderr()).anySatisfy(line -> assertThat(line).contains("reloaded (SIGHUP): nothing changed"));
        }
    }

    @Test
    void anIdDeclaredTwiceInASectionIsRefusedWithBothPlaces() throws Exception {
        Path file = Files.writeString(dir.resolve("twice.yaml"), "capabilities:\n"
                + capability("acme.tools.twice", "1.0.0", "schema://acme/none/v1", "{}")
                + capability("acme.tools.twice", "2.0.0", "schema://acme/none/v1", "{}"));
        assertThatThrownBy(() -> Migd.create(Settings.of(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_CONFIG_FILE", file.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("MIGD_CONFIG_FILE: " + file + ": capabilities[1]: 'acme.tools.twice' is declared twice (first at capabilities[0])");
    }

    /** One entry of {@code capabilities}, served by the test-echo provider answering {@code reply} (a YAML mapping). */
    private static String capability(String id, String version, String inputSchema, String reply) {
        return "  - descriptor: {id: " + id + ", version: " + version + ", modes: [unary], input_schema_uri: '" + inputSchema
                + "', output_schema_uri: 'schema://acme/any/v1', auth_scopes: []}\n"
                + "    provider: {type: test-echo, reply: " + reply + "}\n";
    }

    private static String httpCapability(String url) {
        return "capabilities:\n" + capability("acme.tools.slow", "1.0.0", "schema://acme/none/v1", "{}")
                .replace("{type: test-echo, reply: {}}", "{type: http, url: '" + url + "', timeout_ms: 60000}");
    }

    private MigdProcess start(Path file, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put("MIGD_ADDR", "127.0.0.1:0");
        env.put("MIGD_CONFIG_FILE", file.toString());
        env.put("MIGD_DEMO_CAPABILITIES", "false");
        MigdProcess migd = MigdProcess.start(env);
        port = migd.awaitPort();
        return migd;
    }

    private List<String> discovered() throws Exception {
        HttpResponse<String> response = http.send(request("/mig/v0.1/discover").header("X-Tenant-ID", "acme")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MigJson.mapper().readTree(response.body()).path("capabilities").findValuesAsText("id");
    }

    private JsonNode invoke(String capability, String tenant, String payload) throws Exception {
        HttpResponse<String> response = http.send(request("/mig/v0.1/invoke/" + capability).header("X-Tenant-ID", tenant)
                .POST(HttpRequest.BodyPublishers.ofString("{\"payload\":" + payload + "}")).build(), HttpResponse.BodyHandlers.ofString());
        return MigJson.mapper().readTree(response.body());
    }

    private List<JsonNode> audit(String operation) throws Exception {
        List<JsonNode> records = new java.util.ArrayList<>();
        get("/pro/v0.1/audit/export?capability=" + operation).path("records").forEach(records::add);
        return records;
    }

    private JsonNode get(String path) throws Exception {
        return MigJson.mapper().readTree(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json");
    }

    /** Retries the assertion until it holds or {@link #BOUND} has passed; the last failure is the test's. */
    private static void eventually(ThrowingAssertion assertion) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            try {
                assertion.check();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingAssertion {
        void check() throws Exception;
    }
}
