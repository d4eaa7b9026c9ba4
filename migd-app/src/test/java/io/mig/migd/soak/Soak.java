package io.mig.migd.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak (issue 11, item 4; run by {@code bench/soak}, documented in docs/BENCHMARKS.md "Soak"):
 * a real migd process from its jar with an audit file, a real nats-server and a real HTTP provider
 * process; a closed-loop ramp to find the peak rate of the mix, then the mix open-loop at half of
 * it for the run, with subscribers churning, the provider killed and restarted, and a SIGTERM
 * under traffic at the end; then a restart that must serve and append to the same audit file.
 * It prints the process's heap after GC, threads, fds and RSS every interval (and writes its
 * {@link Census} of threads by pool and fds by kind to {@code census.log}), the census by group at
 * the end, and a verdict: FAIL (exit status 1) on growth by the rules of docs/SECURITY.md ("Soak:
 * what counts as growth"), on requests ≠ audit records, or on unexpected errors.
 *
 * <pre>
 * Soak --jar migd.jar --provider docs/examples/ExampleProvider.java --work DIR [--minutes 30] [--xmx 256m]
 *      [--rate N] [--ramp-seconds 30] [--sample-seconds 30]
 * </pre>
 */
public final class Soak {
    static final String TENANT = "soak";
    private static final int LANES = 64;
    private static final int MAX_OUTSTANDING = 2_000;
    private static final int RESTART_CALLS_PER_KIND = 10;
    /** migd's default MIGD_DRAIN_TIMEOUT_MS, which the soak does not change. */
    private static final int DRAIN_SECONDS = 10;

    private final Settings settings;
    private final Windows windows = new Windows();
    private final Tally tally = new Tally(windows);
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final int httpPort = Processes.freePort();
    private final int grpcPort = Processes.freePort();
    private final int natsPort = Processes.freePort();
    private final int providerPort = Processes.freePort();
    private Process nats;
    private Process provider;
    private Process migd;

    private Soak(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Soak soak = new Soak(settings);
        boolean passed;
        try {
            passed = soak.run();
        } finally {
            soak.stopAll();
        }
        System.exit(passed ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(settings.work);
        Path audit = settings.work.resolve("audit.jsonl");
        Files.deleteIfExists(audit);
        Files.writeString(settings.work.resolve("migd.json"), "{\"capabilities\": [{\"descriptor\": {\"id\": \""
                + Requests.CAPABILITY + "\", \"version\": \"1.0.0\", \"modes\": [\"unary\", \"server_stream\"],"
                + " \"input_schema_uri\": \"schema://soak/shout/in\", \"output_schema_uri\": \"schema://soak/shout/out\","
                + " \"description\": \"soak: the example provider's shout\"},"
                + " \"provider\": {\"type\": \"http\", \"url\": \"http://127.0.0.1:" + providerPort + "/invoke\","
                + " \"max_concurrency\": 512, \"timeout_ms\": 15000}}]}");
        print("soak: %s of mixed traffic; migd %s, -Xmx%s; load average %s", minutes(settings.seconds), settings.jar,
                settings.xmx, loadAverage());
        nats = Processes.natsServer(natsPort, settings.work);
        provider = Processes.provider(settings.provider, providerPort, settings.work);
        migd = startMigd(1);
        print("migd pid %d on http :%d, grpc :%d, nats :%d, provider :%d; work directory %s", migd.pid(), httpPort, grpcPort,
                natsPort, providerPort, settings.work);

        Sampler sampler;
        try (Requests requests = new Requests(httpPort, grpcPort, "nats://127.0.0.1:" + natsPort)) {
            double peak = ramp(requests);
            double rate = settings.rate > 0 ? settings.rate : peak / 2;
            print("ramp: closed loop, %d in flight, %.0f requests/s at peak → open loop at %.0f/s for %s", LANES, peak, rate,
                    minutes(settings.seconds));
            sampler = new Sampler(requests);
            try (Subscribers subscribers = new Subscribers(httpPort, requests, 12, 6)) {
                sampler.subscribers = subscribers;
                sampler.start();
                Thread chaos = chaos();
                openLoop(requests, rate, System.nanoTime() + (long) (settings.seconds * 1e9), null);
                chaos.join();
                terminateUnderTraffic(requests, rate);
                sampler.stop();
                print("subscribers: %s; SSE refused %d, gRPC ended with an error %d (both expected only at the SIGTERM)",
                        subscribers.describe(), subscribers.sseRefused.sum(), subscribers.grpcFailed.sum());
                if (subscribers.sseEvents.sum() == 0 || subscribers.grpcEvents.sum() == 0) {
                    failures.add("subscribers received no events");
                }
            }
        }
        awaitOutstanding();
        AuditFile first = AuditFile.count(audit);
        compareAudit("before the restart", tally, first, null);

        Tally restart = new Tally(new Windows());
        restartAndServe(restart);
        AuditFile second = AuditFile.count(audit);
        compareAudit("after the restart", restart, second, first);
        return verdict();
    }

    private Process startMigd(int generation) throws IOException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MIGD_ADDR", "127.0.0.1:" + httpPort);
        env.put("MIGD_GRPC_ADDR", "127.0.0.1:" + grpcPort);
        env.put("MIGD_NATS_URL", "nats://127.0.0.1:" + natsPort);
        env.put("MIGD_AUDIT_LOG_PATH", settings.work.resolve("audit.jsonl").toString());
        env.put("MIGD_CONFIG_FILE", settings.work.resolve("migd.json").toString());
        env.put("MIGD_DEMO_CAPABILITIES", "false");
        env.put("MIGD_LOG_LEVEL", "warn");
        env.put("MIGD_ACCESS_LOG", "off");
        env.put("MIGD_LOG_FORMAT", "text");
        // retention fills up during the ramp, so that a full ring is the steady state the soak watches
        env.put("MIGD_EVENT_RETENTION", "1000");
        return Processes.migd(settings.jar, List.of("-Xmx" + settings.xmx, "-Xms" + settings.xmx), env, httpPort,
                settings.work.resolve("migd-" + generation + ".log"));
    }

    /** Closed loop: {@link #LANES} requests always in flight; the rate over the second half is the peak. */
    private double ramp(Requests requests) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        ExecutorService lanes = Executors.newFixedThreadPool(4, Requests.daemon("soak-ramp"));
        Runnable[] lane = new Runnable[1];
        lane[0] = () -> {
            if (stop.get()) {
                return;
            }
            Kind kind = Kind.MIX[(int) (next.getAndIncrement() % Kind.MIX.length)];
            CompletableFuture<Answer> answer = requests.send(kind);
            tally.track(kind, System.nanoTime(), answer);
            answer.whenComplete((a, e) -> {
                done.incrementAndGet();
                lanes.execute(lane[0]);
            });
        };
        for (int i = 0; i < LANES; i++) {
            lanes.execute(lane[0]);
        }
        long half = (long) (settings.rampSeconds * 500);
        Thread.sleep(half);
        long from = done.get();
        long t0 = System.nanoTime();
        Thread.sleep(half);
        double peak = (done.get() - from) / ((System.nanoTime() - t0) / 1e9);
        stop.set(true);
        lanes.shutdown();
        awaitOutstanding();
        return peak;
    }

    /** Sends the mix at {@code rate} until {@code untilNanos} or until {@code process} has exited. */
    private void openLoop(Requests requests, double rate, long untilNanos, Process process) {
        long interval = (long) (1e9 / rate);
        long next = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < untilNanos && (process == null || process.isAlive())) {
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -1_000_000_000L) {
                next = System.nanoTime(); // more than a second behind (a stalled driver): do not burst
            }
            if (tally.outstanding() >= MAX_OUTSTANDING) {
                tally.shed();
                continue;
            }
            Kind kind = Kind.MIX[(int) (n++ % Kind.MIX.length)];
            tally.track(kind, System.nanoTime(), requests.send(kind));
        }
    }

    /** Kills the provider (SIGKILL) at 40 % of the run and starts it again on the same port after a while. */
    private Thread chaos() {
        Thread chaos = new Thread(() -> {
            try {
                Thread.sleep((long) (settings.seconds * 400));
                provider.destroyForcibly().waitFor();
                windows.providerKilled();
                double down = Math.min(10, settings.seconds / 10);
                print("provider killed (SIGKILL); back in %.0f s", down);
                Thread.sleep((long) (down * 1000));
                provider = Processes.provider(settings.provider, providerPort, settings.work);
                windows.providerBack();
                print("provider restarted, pid %d", provider.pid());
            } catch (Exception e) {
                failures.add("the provider could not be restarted: " + e);
            }
        }, "soak-chaos");
        chaos.setDaemon(true);
        chaos.start();
        return chaos;
    }

    /** SIGTERM while the open loop keeps sending: every answer must be audited, every call answered or refused. */
    private void terminateUnderTraffic(Requests requests, double rate) throws InterruptedException {
        List<CompletableFuture<Answer>> outlasting = new ArrayList<>();
        List<String> endings = Collections.synchronizedList(new ArrayList<>());
        long[] terminatedAt = new long[1];
        for (Kind kind : List.of(Kind.HTTP_STREAM, Kind.WS_STREAM, Kind.GRPC_STREAM)) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture<Answer> answer = requests.sendLong(kind, 250);
                tally.track(kind, System.nanoTime(), answer);
                outlasting.add(answer);
                answer.whenComplete((a, e) -> endings.add(String.format("%s %s at %.1f s", kind.label(),
                        e != null ? "no answer (" + e.getClass().getSimpleName() + ")" : a.ok() ? "completed" : a.code(),
                        (System.nanoTime() - terminatedAt[0]) / 1e9)));
            }
        }
        Thread.sleep(500); // the streams are running at the provider
        windows.terminated();
        long t0 = System.nanoTime();
        terminatedAt[0] = t0;
        migd.destroy();
        Thread driver = new Thread(() -> openLoop(requests, rate, Long.MAX_VALUE, migd), "soak-drain-traffic");
        driver.start();
        if (!migd.waitFor(60, TimeUnit.SECONDS)) {
            failures.add("migd did not exit within 60 s of SIGTERM");
            migd.destroyForcibly().waitFor();
        }
        driver.join();
        long unavailable = outlasting.stream().filter(a -> !a.isCompletedExceptionally() && a.isDone()
                && "MIG_UNAVAILABLE".equals(a.join().code())).count();
        print("streams outlasting the drain: %d of %d ended by the gateway with MIG_UNAVAILABLE (after the SIGTERM: %s)",
                unavailable, outlasting.size(), endings);
        if (unavailable != outlasting.size()) {
            failures.add("only " + unavailable + " of " + outlasting.size() + " streams outlasting the drain were answered MIG_UNAVAILABLE");
        }
        int status = migd.exitValue();
        double exitSeconds = (System.nanoTime() - t0) / 1e9;
        print("SIGTERM under traffic: migd exited with %d after %.1f s", status, exitSeconds);
        if (exitSeconds > DRAIN_SECONDS + 5) {
            failures.add(String.format("migd exited %.1f s after SIGTERM: the drain (MIGD_DRAIN_TIMEOUT_MS, %d s) plus 5 s is the bound",
                    exitSeconds, DRAIN_SECONDS));
        }
        if (status != 143) {
            failures.add("migd exited with " + status + " after SIGTERM, not 143");
        }
    }

    private void awaitOutstanding() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (tally.outstanding() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        if (tally.outstanding() > 0) {
            failures.add(tally.outstanding() + " requests never completed (neither answered nor failed)");
        }
    }

    /** A second migd on the same audit file: each audited kind a few times, each must succeed and be appended. */
    private void restartAndServe(Tally restart) throws Exception {
        migd = startMigd(2);
        print("restarted migd, pid %d", migd.pid());
        try (Requests requests = new Requests(httpPort, grpcPort, "nats://127.0.0.1:" + natsPort)) {
            for (Kind kind : Kind.values()) {
                for (int i = 0; i < RESTART_CALLS_PER_KIND; i++) {
                    CompletableFuture<Answer> answer = requests.send(kind);
                    restart.track(kind, System.nanoTime(), answer);
                    try {
                        answer.get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // counted by the tally
                    }
                }
            }
        }
        Thread.sleep(200); // the tally's callbacks
        long ok = 0;
        for (Kind kind : Kind.values()) {
            ok += restart.ok(kind);
        }
        print("after the restart: %d of %d requests succeeded", ok, restart.totalSent());
        if (ok != restart.totalSent()) {
            failures.add("after the restart only " + ok + " of " + restart.totalSent() + " requests succeeded: " + restart.errors());
        }
        migd.destroy();
        if (!migd.waitFor(60, TimeUnit.SECONDS)) {
            failures.add("the restarted migd did not exit within 60 s of SIGTERM");
        }
    }

    private void compareAudit(String when, Tally counted, AuditFile file, AuditFile before) {
        print("audit %s: requests answered by the INVOKE pipeline vs audit records (capability %s), by binding:", when,
                Requests.CAPABILITY);
        for (String binding : List.of("http", "grpc", "nats", "mcp")) {
            long records = file.invokes(binding) - (before == null ? 0 : before.invokes(binding));
            long requests = counted.auditable(binding);
            print("  %-5s requests %9d  audit records %9d  %s", binding, requests, records, requests == records ? "equal" : "DIFFERENT");
            if (requests != records) {
                failures.add("audit " + when + ": " + binding + " requests " + requests + " ≠ audit records " + records);
            }
        }
        if (before == null) {
            print("  other records (not requests of the soak): %s; unreadable lines %d", file.others(), file.unreadable());
        }
        if (file.unreadable() > 0) {
            failures.add(file.unreadable() + " audit lines are not JSON");
        }
    }

    /** The soak's ports by role, for the {@link Census} of migd's sockets. */
    private Map<Integer, String> ports() {
        return Map.of(httpPort, "http", grpcPort, "grpc", natsPort, "nats", providerPort, "provider");
    }

    private boolean verdict() {
        print("requests: %d sent, %d answered by the INVOKE pipeline or the publish route, %d shed by the driver (too many outstanding)",
                tally.totalSent(), tally.totalAnswered(), tally.shedCount());
        print("excluded from the audit comparison: publishes (PUBLISH is not audited), answers that did not come from the"
                + " INVOKE pipeline (marked 'not invoked'), and requests that got no answer at all (marked 'no_answer': after"
                + " the SIGTERM the listener closes)");
        tally.notInvoked().forEach((key, count) -> print("note: %d × %s: answered outside the INVOKE pipeline, so not"
                + " audited", count, key));
        print("errors: %d expected, %d unexpected", tally.expected(), tally.unexpected());
        tally.errors().forEach((key, count) -> print("  %8d  %s", count, key));
        if (tally.unexpected() > 0) {
            failures.add(tally.unexpected() + " unexpected errors");
        }
        // the warm-up: the first sixth of the samples (at least the one taken right after the ramp),
        // while the pools fill up to the load of the mix and the retained events to their bound
        List<Sample> judged = new ArrayList<>(samples.subList(Math.min(samples.size(), Math.max(1, samples.size() / 6)),
                samples.size()));
        if (judged.size() < Growth.MIN_SAMPLES) {
            print("growth: not judged, %d samples after the warm-up (at least %d needed)", judged.size(), Growth.MIN_SAMPLES);
        } else {
            GroupTable.print("threads", GroupTable.rows(samples, judged, Census::threads));
            GroupTable.print("fds", GroupTable.rows(samples, judged, Census::fds));
            print("growth (the first and last third of %d samples after a warm-up of %d; docs/SECURITY.md, \"Soak\"):",
                    judged.size(), samples.size() - judged.size());
            for (Growth growth : List.of(
                    Growth.judge("heap after GC", judged, Sample::heapAfterGcKb, 1.2, 8, 1024, "MB"),
                    Growth.judge("threads outside bounded pools", Growth.Statistic.FLOOR, judged,
                            s -> PoolLimits.unbounded(s.census().threads()), 1.1, 5, 1, ""),
                    Growth.judge("fds beside open connections", judged, s -> s.census().fdsBesideConnections(), 1.1, 10, 1, ""),
                    Growth.judge("rss", judged, Sample::rssKb, 1.25, 32, 1024, "MB"))) {
                print("  %s", growth.describe());
                if (growth.grew()) {
                    failures.add(growth.name() + " grew");
                }
            }
            for (PoolLimits pool : PoolLimits.KNOWN) {
                int most = judged.stream().mapToInt(s -> s.census().threads().getOrDefault(pool.pool(), 0)).max().orElse(0);
                print("  %-30s at most %d threads after the warm-up, of its maximum %d (%s): %s", pool.pool(), most,
                        pool.maximum(), pool.where(), most > pool.maximum() ? "OVER" : "within");
                if (most > pool.maximum()) {
                    failures.add(pool.pool() + " had " + most + " threads, over its maximum " + pool.maximum());
                }
            }
            print("  not judged, for comparison: %s; %s", Growth.judge("all threads", judged, Sample::threads, 1.1, 5, 1, "")
                    .describe(), Growth.judge("all fds", judged, Sample::fds, 1.1, 20, 1, "").describe());
        }
        print("load average at the end %s", loadAverage());
        if (failures.isEmpty()) {
            print("VERDICT: PASS");
            return true;
        }
        print("VERDICT: FAIL");
        failures.forEach(f -> print("  - %s", f));
        return false;
    }

    private void stopAll() {
        Processes.stop(migd, 30);
        Processes.stop(provider, 5);
        Processes.stop(nats, 5);
    }

    /** Every sample interval: one line with the counts so far and a {@link Sample} of the process. */
    private final class Sampler {
        private final Requests requests;
        private final Thread thread;
        private volatile boolean running = true;
        volatile Subscribers subscribers;

        Sampler(Requests requests) {
            this.requests = requests;
            this.thread = new Thread(this::loop, "soak-sampler");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(60_000);
        }

        private void loop() {
            long interval = (long) (settings.sampleSeconds * 1e9);
            long next = System.nanoTime() + interval / 3; // the first one soon: the warm-up reference
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                next += interval;
                try {
                    Sample sample = Sample.take(migd.pid(), (System.nanoTime() - startNanos) / 1e9, ports());
                    samples.add(sample);
                    Files.writeString(settings.work.resolve("census.log"), String.format("t=%.0fs threads %s fds %s%n",
                            sample.elapsedSeconds(), sample.census().threads(), sample.census().fds()),
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    StringBuilder counts = new StringBuilder();
                    for (Kind kind : Kind.values()) {
                        counts.append(kind.label()).append('=').append(tally.sent(kind)).append(' ');
                    }
                    print("t=%5.0fs %s| errors expected=%d unexpected=%d | out=%d ws=%d %s | %s", sample.elapsedSeconds(),
                            counts, tally.expected(), tally.unexpected(), tally.outstanding(), requests.webSockets(),
                            subscribers == null ? "" : subscribers.describe(), sample.describe());
                } catch (Exception e) {
                    if (running) {
                        print("sample failed: %s", e);
                    }
                }
            }
        }
    }

    private static String minutes(double seconds) {
        return String.format("%.1f min", seconds / 60);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static void print(String format, Object... args) {
        System.out.println(String.format(format, args));
        System.out.flush();
    }

    /** The command line. */
    private record Settings(Path jar, Path provider, Path work, double seconds, String xmx, double rate, double rampSeconds,
                            double sampleSeconds) {
        static Settings parse(String[] args) {
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
                options.put(args[i].substring(2), args[i + 1]);
            }
            double seconds = Double.parseDouble(options.getOrDefault("minutes", "30")) * 60;
            double sample = Double.parseDouble(options.getOrDefault("sample-seconds", Double.toString(Math.min(30, Math.max(2, seconds / 12)))));
            return new Settings(Path.of(required(options, "jar")), Path.of(required(options, "provider")),
                    Path.of(required(options, "work")), seconds, options.getOrDefault("xmx", "256m"),
                    Double.parseDouble(options.getOrDefault("rate", "0")),
                    Double.parseDouble(options.getOrDefault("ramp-seconds", "30")), sample);
        }

        private static String required(Map<String, String> options, String name) {
            String value = options.get(name);
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }
    }
}
