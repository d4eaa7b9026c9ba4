package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logging backend of the real process (docs/CONFIGURATION.md, "Logging"): what its stderr and
 * its access log file hold in each format, per-logger levels, and a Logback file replacing it all.
 * Every check reads the whole output after SIGTERM, when the asynchronous appenders have written it.
 */
class LoggingTest {
    private static final String INVOKE = "/mig/v0.1/invoke/observatory.models.infer";
    private static final Pattern TEXT_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR) \\S+ \\[[^]]+] .*");

    @TempDir
    Path dir;

    @Test
    void withoutATerminalEveryLineIsOneJsonObjectJulIncludedAndTheAccessLineCarriesTheRequestAsFields() throws Exception {
        // gRPC logs through java.util.logging: its debug lines must arrive as the same JSON lines
        InvokeRun run = oneInvoke(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_GRPC_ADDR", "127.0.0.1:0",
                "MIGD_LOG_LEVELS", "io.grpc.internal=debug"));
        List<String> lines = run.stderr();
        JsonNode answer = run.answer();
        List<JsonNode> json = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = MigJson.mapper().readTree(line);
            assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
            assertThat(node.path("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(node.path("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(node.path("thread").asText()).isNotEmpty();
            json.add(node);
        }
        assertThat(json).anyMatch(node -> node.path("logger").asText().equals("migd")
                && node.path("message").asText().contains("serving http"));
        assertThat(json).as("java.util.logging, bridged").anyMatch(node -> node.path("logger").asText().startsWith("io.grpc.internal.")
                && node.path("level").asText().equals("DEBUG"));
        List<JsonNode> access = json.stream().filter(node -> node.path("logger").asText().equals("migd.access")
                && node.path("route").asText().startsWith("/mig/")).toList();
        assertThat(access).as("the access line in %s", lines).hasSize(1);
        JsonNode line = access.get(0);
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("message").asText()).isEqualTo("POST /mig/v0.1/invoke/{capability} 200");
        assertThat(line.path("method").asText()).isEqualTo("POST");
        assertThat(line.path("route").asText()).isEqualTo("/mig/v0.1/invoke/{capability}");
        assertThat(line.path("status").isInt()).isTrue();
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("duration_ms").isNumber()).isTrue();
        assertThat(line.path("remote").asText()).startsWith("127.0.0.1:");
        assertThat(line.path("tenant_id").asText()).isEqualTo("acme");
        assertThat(line.path("message_id").asText()).isEqualTo(answer.path("header").path("message_id").asText());
        assertThat(line.path("traceparent").asText()).isEqualTo(answer.path("header").path("traceparent").asText()).isNotEmpty();
    }

    @Test
    void textLinesAreForPeople() throws Exception {
        List<String> lines = oneInvoke(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_LOG_FORMAT", "text")).stderr();
        assertThat(lines).isNotEmpty().allMatch(line -> TEXT_LINE.matcher(line).matches(), "time, level, logger, [thread], message");
        assertThat(lines).noneMatch(line -> line.startsWith("{"));
        assertThat(lines).anyMatch(line -> line.matches(".* INFO  migd \\[main] migd .* serving http http://127\\.0\\.0\\.1:\\d+ .*"));
        assertThat(lines).filteredOn(line -> line.contains(" migd.access ") && line.contains("invoke")).singleElement().asString()
                .contains(" POST /mig/v0.1/invoke/{capability} 200 method=POST route=/mig/v0.1/invoke/{capability} status=200 duration_ms=")
                .contains(" tenant_id=acme ").containsPattern(" traceparent=00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$");
    }

    @Test
    void onATerminalTheDefaultIsText() throws Exception {
        // util-linux's script(1) runs migd on a pseudo-terminal, as a shell would; its output is what the terminal shows
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "timeout 30 " + javaCommand + " -cp " + System.getProperty("java.class.path") + " io.mig.migd.Main";
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", command, "/dev/null").redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("MIGD_"));
        builder.environment().put("MIGD_ADDR", "127.0.0.1:0");
        Process terminal = builder.start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(terminal.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && !line.contains("serving http")) {
                // the lines before the start-up line
            }
            assertThat(line).as("the start-up line").isNotNull();
            assertThat(line.strip()).matches(TEXT_LINE).contains(" INFO  migd [main] migd ");
        } finally {
            terminal.destroy(); // the terminal hangs up: migd gets SIGHUP and stops
            terminal.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void levelsPerLoggerDecideWhatIsWritten() throws Exception {
        List<String> quietAccess = oneInvoke(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_LOG_LEVELS", " migd.access=warn ,io.mig=info"))
                .stderr();
        assertThat(quietAccess).as("migd's own lines stay at info").anyMatch(line -> line.contains("serving http"));
        assertThat(quietAccess).as("the access logger is at warn").noneMatch(line -> line.contains("migd.access"));

        int port = freePort();
        List<String> onlyAccess;
        try (MigdProcess migd = MigdProcess.start(Map.of("MIGD_ADDR", "127.0.0.1:" + port,
                "MIGD_LOG_LEVEL", "error", "MIGD_LOG_LEVELS", "migd.access=info"))) {
            awaitHealthy(migd, port);
            invoke(port, "acme");
            awaitCompleted(port, 1);
            onlyAccess = stopped(migd);
        }
        assertThat(onlyAccess).as("the root at error hides the start-up line").noneMatch(line -> line.contains("serving http"));
        assertThat(onlyAccess).as("the access logger at info still writes")
                .anyMatch(line -> line.contains("\"logger\":\"migd.access\"") && line.contains("/mig/v0.1/invoke/{capability}"));
    }

    @Test
    void theAccessLogCanHaveAFileOfItsOwnOrBeOff() throws Exception {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "{\"earlier\":\"run\"}\n");
        List<String> stderr;
        try (MigdProcess migd = MigdProcess.start(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_ACCESS_LOG", file.toString(),
                "MIGD_LOG_FORMAT", "text"))) {
            int port = migd.awaitPort();
            invoke(port, "acme");
            invoke(port, "globex");
            awaitCompleted(port, 2);
            stderr = stopped(migd);
        }
        assertThat(stderr).anyMatch(line -> line.contains("serving http")).noneMatch(line -> line.contains("migd.access"));
        List<String> access = Files.readAllLines(file).stream().filter(line -> !line.contains(" GET /metrics ")).toList();
        assertThat(access).as("appended to, in the format asked for").hasSize(3).first().isEqualTo("{\"earlier\":\"run\"}");
        assertThat(access.subList(1, 3)).allMatch(line -> TEXT_LINE.matcher(line).matches() && line.contains(" migd.access "));
        // one line per request; the writer takes them as the requests complete, which on a loaded
        // machine need not be the order they were sent in
        assertThat(access.subList(1, 3)).anyMatch(line -> line.contains("tenant_id=acme"))
                .anyMatch(line -> line.contains("tenant_id=globex"));

        List<String> off = oneInvoke(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_ACCESS_LOG", "off")).stderr();
        assertThat(off).anyMatch(line -> line.contains("serving http")).noneMatch(line -> line.contains("migd.access"));
    }

    @Test
    void aLogbackFileReplacesTheEnvironmentAndTheSystemPropertyWinsOverMigdLogConfig() throws Exception {
        Path viaEnvironment = logbackFile("env-file", "err");
        Path viaProperty = logbackFile("property-file", "queued");
        List<String> lines = oneInvoke(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_LOG_CONFIG", viaEnvironment.toString(),
                "MIGD_LOG_FORMAT", "json")).stderr();
        assertThat(lines).isNotEmpty().allMatch(line -> line.startsWith("env-file "));
        assertThat(lines).anyMatch(line -> line.startsWith("env-file migd.access POST /mig/v0.1/invoke/{capability} 200"));

        lines = oneInvoke(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_LOG_CONFIG", viaEnvironment.toString()),
                List.of("-Dlogback.configurationFile=" + viaProperty)).stderr();
        assertThat(lines).isNotEmpty().allMatch(line -> line.startsWith("property-file "));
        assertThat(lines).anyMatch(line -> line.startsWith("property-file migd.access POST"));
    }

    /** A Logback file whose lines start with {@code mark}; the root writes to {@code err} or through migd's queue. */
    private Path logbackFile(String mark, String rootAppender) throws Exception {
        Path file = dir.resolve(mark + ".xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%s %%logger %%msg%%n</pattern></encoder>
                  </appender>
                  <appender name="queued" class="io.mig.migd.logging.NeverBlockingAsyncAppender">
                    <queueSize>64</queueSize>
                    <appender-ref ref="err"/>
                  </appender>
                  <logger name="org.eclipse.jetty" level="warn"/>
                  <root level="info"><appender-ref ref="%s"/></root>
                </configuration>
                """.formatted(mark, rootAppender));
        return file;
    }

    /** What one migd wrote to stderr around one INVOKE, and the answer. */
    private record InvokeRun(List<String> stderr, JsonNode answer) {
    }

    /** Starts migd, invokes the demo capability once as tenant {@code acme}, stops migd. */
    private static InvokeRun oneInvoke(Map<String, String> env) throws Exception {
        return oneInvoke(env, List.of());
    }

    private static InvokeRun oneInvoke(Map<String, String> env, List<String> jvmOptions) throws Exception {
        try (MigdProcess migd = MigdProcess.start(env, jvmOptions)) {
            int port = migd.awaitPort();
            JsonNode answer = invoke(port, "acme");
            awaitCompleted(port, 1);
            return new InvokeRun(stopped(migd), answer);
        }
    }

    /** The INVOKE of the demo capability; its answer. */
    static JsonNode invoke(int port, String tenant) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + INVOKE))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json").header("X-Tenant-ID", tenant)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"payload\":{\"input\":\"log me\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MigJson.mapper().readTree(response.body());
    }

    /**
     * Waits until {@code count} INVOKEs are in {@code mig_gateway_http_requests_total}: the binding
     * counts a request right after its access line was handed to the logger, and a response can reach
     * the client before that (so SIGTERM at once could stop the logging first).
     */
    private static void awaitCompleted(int port, int count) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Pattern counted = Pattern.compile("(?m)^mig_gateway_http_requests_total\\{[^}]*path=\"/mig/v0\\.1/invoke/\\{capability}\"[^}]*} (\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            var matcher = counted.matcher(metrics);
            int seen = 0;
            while (matcher.find()) {
                seen += Integer.parseInt(matcher.group(1));
            }
            if (seen >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the INVOKEs were not counted within 20 s");
    }

    /** SIGTERM, then every line the process wrote to stderr. */
    private static List<String> stopped(MigdProcess migd) throws InterruptedException {
        migd.terminate();
        assertThat(migd.awaitExit(20)).isIn(0, 143);
        return migd.stderr();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** For a migd that does not log its start-up line. */
    private static void awaitHealthy(MigdProcess migd, int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("migd did not answer /healthz within 30 s: " + migd.stderr());
    }
}
