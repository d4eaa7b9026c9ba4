package io.mig.migd.abuse;

import io.mig.core.testing.Jwts;
import io.mig.migd.MigdProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The migd under attack: a process of its own with {@value #HEAP} and the bounds of {@link #ENV},
 * in auth {@code jwt}, serving HTTP and gRPC on loopback ports, with two capabilities routed to an
 * {@link EchoUpstream}. It gives the attacks tokens, a client and what can be seen from outside
 * the process: heap after GC, open file descriptors, stderr, the audit file.
 */
final class AbuseTarget implements AutoCloseable {
    static final String HEAP = "-Xmx256m";
    static final String SECRET = "abuse-suite-secret-of-at-least-32-bytes";
    /** The capability that echoes its payload (a caller sizes the result) and counts calls per tenant. */
    static final String ECHO = "abuse.echo";
    /** The same provider behind a small bulkhead, for the WebSocket fairness attack. */
    static final String SLOW = "abuse.slow";
    /** The built-in demo capability (in-process, answers its {@code input}): the cheapest call there is. */
    static final String DEMO = "observatory.models.infer";
    static final String DEMO_SCOPE = "capability:infer";
    static final int SLOW_MAX_CONCURRENCY = 8;
    static final int WS_MAX_STREAMS = 4;
    static final int MAX_CONNECTIONS = 256;
    static final long HEADER_TIMEOUT_MS = 2_000;
    static final long MIB = 1024 * 1024;
    /** {@code getconf CLK_TCK}: 100 on every Linux this runs on. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    /**
     * The bounds lowered so that everything they allow fits well inside {@value #HEAP} (the defaults,
     * 256 MiB of events plus 256 MiB of results, are sized for a larger heap, see docs/SECURITY.md).
     */
    static final Map<String, String> ENV = bounds();

    private static final Pattern GRPC = Pattern.compile("grpc grpc://[^:]+:(\\d+)");

    private final Path dir;
    private final EchoUpstream upstream;
    private final MigdProcess process;
    private final int port;
    private final int grpcPort;
    private final HeapMeter heap;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private AbuseTarget(Path dir, EchoUpstream upstream, MigdProcess process) throws Exception {
        this.dir = dir;
        this.upstream = upstream;
        this.process = process;
        this.port = process.awaitPort(90); // a JVM start on a loaded two-core machine can take half a minute and more
        this.grpcPort = grpcPort(process.stderr());
        this.heap = new HeapMeter(process.pid());
    }

    /** Starts migd for a run at {@code scale} (see {@link #jvmOptions}). */
    static AbuseTarget start(Attack.Scale scale) throws Exception {
        Path dir = Files.createTempDirectory("migd-abuse");
        EchoUpstream upstream = new EchoUpstream();
        Files.writeString(dir.resolve("migd.json"), config(upstream.url()));
        Map<String, String> env = new LinkedHashMap<>(ENV);
        env.put("MIGD_CONFIG_FILE", dir.resolve("migd.json").toString());
        env.put("MIGD_AUDIT_LOG_PATH", dir.resolve("audit.jsonl").toString());
        MigdProcess process = MigdProcess.start(env, jvmOptions(scale));
        // a driver that is interrupted (Ctrl-C on bench/abuse) must not leave migd running
        Runtime.getRuntime().addShutdownHook(new Thread(process::close, "abuse-stop-migd"));
        try {
            return new AbuseTarget(dir, upstream, process);
        } catch (Exception | AssertionError e) {
            process.close();
            upstream.close();
            throw e;
        }
    }

    /**
     * The JVM of the target. Soft references are cleared at every collection: the heap after GC is
     * then what migd must keep, without the caches the JVM would drop under pressure anyway (Jackson
     * keeps per-thread parse buffers as large as the largest document a thread read, softly). At the
     * short scale only the first JIT tier compiles: in a run of a minute the optimizing compiler
     * (C2) costs more than it saves — the short form cost migd 22.7 CPU seconds without it, 46.6
     * with it, in two runs one after the other — and it changes neither what the heap keeps nor
     * any answer. The long form, half an hour, keeps C2.
     */
    static List<String> jvmOptions(Attack.Scale scale) {
        List<String> options = new ArrayList<>(List.of(HEAP, "-XX:+UseG1GC", "-XX:SoftRefLRUPolicyMSPerMB=0"));
        if (scale == Attack.Scale.SHORT) {
            options.add("-XX:TieredStopAtLevel=1");
        }
        return options;
    }

    private static Map<String, String> bounds() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MIGD_ADDR", "127.0.0.1:0");
        env.put("MIGD_GRPC_ADDR", "127.0.0.1:0");
        env.put("MIGD_AUTH_MODE", "jwt");
        env.put("MIGD_JWT_HS256_SECRET", SECRET);
        env.put("MIGD_LOG_LEVEL", "info");
        env.put("MIGD_LOG_FORMAT", "text"); // a stack trace shows as many lines, which the gRPC attack counts
        env.put("MIGD_ACCESS_LOG", "off");
        env.put("MIGD_CONFIG_RELOAD", "false");
        env.put("MIGD_EVENT_RETENTION_BYTES", Long.toString(8 * MIB));
        env.put("MIGD_EVENT_MAX_BYTES", Long.toString(32 * MIB));
        env.put("MIGD_IDEMPOTENCY_MAX_BYTES_PER_TENANT", Long.toString(16 * MIB));
        env.put("MIGD_IDEMPOTENCY_MAX_BYTES", Long.toString(32 * MIB));
        env.put("MIGD_IDEMPOTENCY_MAX_ENTRIES_PER_TENANT", "500");
        env.put("MIGD_IDEMPOTENCY_MAX_ENTRIES", "1500");
        env.put("MIGD_MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS));
        env.put("MIGD_HTTP_HEADER_TIMEOUT_MS", Long.toString(HEADER_TIMEOUT_MS));
        env.put("MIGD_WS_MAX_STREAMS", Integer.toString(WS_MAX_STREAMS));
        return Map.copyOf(env);
    }

    private static String config(String url) {
        return "{\"capabilities\": ["
                + capability(ECHO, url, 64) + ","
                + capability(SLOW, url, SLOW_MAX_CONCURRENCY) + "]}";
    }

    private static String capability(String id, String url, int maxConcurrency) {
        return "{\"descriptor\": {\"id\": \"" + id + "\", \"version\": \"1.0.0\", \"modes\": [\"unary\", \"server_stream\"],"
                + " \"input_schema_uri\": \"schema://abuse/in\", \"output_schema_uri\": \"schema://abuse/out\","
                + " \"description\": \"echoes its payload (resource-exhaustion suite)\"},"
                + " \"provider\": {\"type\": \"http\", \"url\": \"" + url + "\", \"max_concurrency\": " + maxConcurrency + "}}";
    }

    private static int grpcPort(List<String> stderr) {
        for (String line : stderr) {
            Matcher m = GRPC.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no gRPC listener in the start-up line: " + stderr);
    }

    int port() {
        return port;
    }

    int grpcPort() {
        return grpcPort;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpClient client() {
        return client;
    }

    EchoUpstream upstream() {
        return upstream;
    }

    /**
     * A valid token of {@code tenant} (actor {@code <tenant>-user}, the demo capability's scope),
     * good for four hours.
     */
    String token(String tenant) {
        return tokens.computeIfAbsent(tenant, t -> Jwts.hs256(SECRET, Jwts.with(
                Jwts.claims(t, t + "-user", DEMO_SCOPE), "exp", Instant.now().plusSeconds(4 * 3600).getEpochSecond())));
    }

    /** POSTs JSON as {@code tenant} (its token), with extra header name/value pairs. */
    HttpResponse<String> post(String tenant, String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token(tenant))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String tenant, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (tenant != null) {
            request.header("Authorization", "Bearer " + token(tenant));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Heap in use after full collections, in bytes. */
    long heapAfterGc() throws InterruptedException {
        return heap.afterGc();
    }

    long heapMax() {
        return heap.max();
    }

    /** File descriptors the process holds now (sockets included), from {@code /proc}. */
    int openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return (int) fds.count();
        }
    }

    /**
     * CPU seconds the process used so far (user and system, from {@code /proc/<pid>/stat}): a figure
     * of the suite's cost that, unlike its duration, does not depend on what else the machine runs.
     */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // the fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** Lines the process wrote to stderr so far. */
    List<String> stderr() {
        return process.stderr();
    }

    boolean alive() {
        return process.isAlive();
    }

    long auditFileBytes() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        return Files.exists(file) ? Files.size(file) : 0;
    }

    @Override
    public void close() throws IOException {
        try {
            heap.close();
        } finally {
            process.close();
            upstream.close();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
