package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code MIGD_CONFIG_FILE}: declared capabilities, schemas and quotas at start; bad files stop the start. */
class ConfigFileTest {
    static final String EXAMPLE = """
            schemas:
              - uri: schema://acme/summarize/input/v1
                schema:
                  type: object
                  properties:
                    text: {type: string}
                  required: [text]
            capabilities:
              - descriptor:
                  id: acme.tools.summarize
                  version: 1.0.0
                  modes: [unary]
                  input_schema_uri: schema://acme/summarize/input/v1
                  output_schema_uri: schema://acme/summarize/output/v1
                  auth_scopes: ["capability:summarize"]
                  provider: {type: test-echo, reply: {summary: short}}
            quotas:
              - tenant_id: acme
                max_invocations: 1
                window_seconds: 60
            """;

    @TempDir
    Path dir;

    @Test
    void theCompleteExampleOfTheDocsLoads() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
        int start = doc.indexOf("```yaml", doc.indexOf("### Complete example"));
        assertThat(start).as("the complete example in docs/CONFIGURATION.md").isPositive();
        String yaml = doc.substring(doc.indexOf('\n', start) + 1, doc.indexOf("```", start + 7));
        Path file = write("documented.yaml", yaml);
        try (MigdServer server = MigdServer.start(Map.of("MIGD_CONFIG_FILE", file.toString()))) {
            JsonNode list = server.get("/admin/v0.1/capabilities").json();
            assertThat(list.path("capabilities").findValuesAsText("id")).contains("acme.tools.summarize", "acme.tools.translate");
            assertThat(server.get("/pro/v0.1/quotas").json().path("quotas").findValuesAsText("tenant_id"))
                    .contains("acme", "trial");
            assertThat(server.get("/admin/v0.1/schemas").json().path("schemas").toString())
                    .contains("schema://acme/summarize/output/v1");
        }
    }

    @Test
    void yamlFileIsLoadedAtStart() throws Exception {
        Path file = write("migd.yaml", EXAMPLE);
        try (MigdServer server = MigdServer.start(Map.of("MIGD_CONFIG_FILE", file.toString()))) {
            JsonNode capability = server.get("/admin/v0.1/capabilities/acme.tools.summarize").json();
            assertThat(capability.path("provider").path("type").asText()).isEqualTo("test-echo");
            MigdServer.Reply invalid = server.post("/mig/v0.1/invoke/acme.tools.summarize", "{\"payload\":{}}", "X-Tenant-ID", "acme");
            assertThat(invalid.json().path("error").path("details").path("violations").get(0).path("path").asText()).isEqualTo("/text");
            MigdServer.Reply ok = server.post("/mig/v0.1/invoke/acme.tools.summarize", "{\"payload\":{\"text\":\"t\"}}",
                    "X-Tenant-ID", "acme");
            assertThat(ok.json().path("payload").path("summary").asText()).isEqualTo("short");
            assertThat(server.post("/mig/v0.1/invoke/acme.tools.summarize", "{\"payload\":{\"text\":\"t\"}}",
                    "X-Tenant-ID", "acme").status()).isEqualTo(429);
            assertThat(server.get("/pro/v0.1/audit/export?capability=admin.capabilities.upsert").json().path("records").get(0)
                    .path("actor").asText()).isEqualTo("migd-config");
        }
    }

    @Test
    void jsonFileWorksToo() throws Exception {
        Path file = write("migd.json", "{\"quotas\":[{\"tenant_id\":\"acme\",\"max_invocations\":5}]}");
        try (MigdServer server = MigdServer.start(Map.of("MIGD_CONFIG_FILE", file.toString()))) {
            assertThat(server.get("/pro/v0.1/quotas").json().path("quotas").get(0).path("max_invocations").asLong()).isEqualTo(5);
        }
    }

    @Test
    void errorsNameTheFileThePlaceAndTheReason() throws Exception {
        Path syntax = write("bad.yaml", "capabilities:\n  - descriptor: {id: [unclosed\n");
        assertThatThrownBy(() -> create(syntax)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MIGD_CONFIG_FILE").hasMessageContaining(syntax.toString()).hasMessageContaining("line ");
        Path version = write("version.yaml", EXAMPLE.replace("version: 1.0.0", "version: one"));
        assertThatThrownBy(() -> create(version)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("capabilities[0].descriptor.version").hasMessageContaining("semantic version");
        Path schema = write("schema.yaml", "schemas:\n  - uri: schema://x/v1\n    schema: {type: 7}\n");
        assertThatThrownBy(() -> create(schema)).hasMessageContaining("schemas[0].schema").hasMessageContaining("draft-07");
        Path section = write("section.yaml", "capabilites: []\n");
        assertThatThrownBy(() -> create(section)).hasMessageContaining("capabilites: unknown section");
        Path quota = write("quota.yaml", "quotas:\n  - {tenant_id: acme}\n");
        assertThatThrownBy(() -> create(quota)).hasMessageContaining("quotas[0].max_invocations");
        assertThatThrownBy(() -> create(dir.resolve("missing.yaml"))).hasMessageContaining("cannot read");
    }

    @Test
    void anInvalidFileExitsWithStatus2AndOneLine() throws Exception {
        Path bad = write("exit.yaml", EXAMPLE.replace("max_invocations: 1", "max_invocations: -3"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        builder.environment().put("MIGD_CONFIG_FILE", bad.toString());
        builder.environment().put("MIGD_ADDR", "127.0.0.1:0");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr).contains("MIGD_CONFIG_FILE").contains("quotas[0].max_invocations").doesNotContain("\tat ");
    }

    private static void create(Path file) {
        Migd migd = Migd.create(Settings.of(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_CONFIG_FILE", file.toString())));
        migd.stop(java.time.Duration.ZERO);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
