package io.mig.migd.abuse;

import static io.mig.migd.abuse.AbuseTarget.MIB;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The resource-exhaustion suite of issue #11: every attack of {@link #ATTACKS}, one after the
 * other, against one {@link AbuseTarget} (a migd process with {@value AbuseTarget#HEAP}), with
 * {@code /healthz} probed throughout. Run by {@code AbuseSuiteTest} at {@link Attack.Scale#SHORT}
 * and by {@code bench/abuse} at {@link Attack.Scale#FULL}:
 *
 * <pre>
 * bench/abuse                        # every attack at full scale
 * bench/abuse --attack ws-upgrades   # one (repeat --attack for more)
 * bench/abuse --scale short          # the test command's volumes
 * bench/abuse --attack ws-upgrades --attempts 268000   # the issue's own volume
 * </pre>
 *
 * Prints one line per attack and exits 1 if any failed.
 */
public final class AbuseSuite {
    /** No sample of the heap after GC may pass this, whatever the attack's own bound. */
    static final long HEAP_CEILING = 192 * MIB;
    /** Heap-after-GC growth below which a per-attempt retention figure is noise, not a finding. */
    static final long RETAINED_NOISE_FLOOR = MIB / 2;

    /** In the order they run: the stateless floods first, the ones whose bounds keep data last. */
    static final List<Attack> ATTACKS = List.of(
            UpgradeFloods.webSocketUpgrades(),
            UpgradeFloods.randomTopicSubscriptions(),
            AuthFloods.inventedMethods(),
            AuthFloods.unauthenticatedFlood(),
            GrpcFloods.malformedMessages(),
            ConnectionFloods.slowloris(),
            ConnectionFloods.webSocketBulkhead(),
            McpFloods.initializeFlood(),
            McpFloods.bigBatches(),
            // before the churn, which fills the global entry bound and so shrinks every tenant's share
            StoreFloods.largeIdempotentResults(),
            StoreFloods.nodeBombIdempotentResults(),
            StoreFloods.idempotencyKeyChurn(),
            StoreFloods.largeRetainedEvents(),
            StoreFloods.nodeBombRetainedEvents());

    private AbuseSuite() {
    }

    /** What one attack did and saw: heap after GC before it, after its warm-up quarter and at its end. */
    record Result(Attack attack, int attempts, long before, long warm, long after, HealthProbe.Window health,
                  double seconds, List<String> problems) {
        long max() {
            return Math.max(before, Math.max(warm, after));
        }

        long growth() {
            return Math.max(warm, after) - before;
        }

        /** Heap after GC kept per attempt after the warm-up (negative when it shrank). */
        long retainedPerAttempt() {
            int measured = attempts - warmUp(attempts);
            return measured == 0 ? 0 : (after - warm) / measured;
        }

        boolean passed() {
            return problems.isEmpty();
        }

        String line() {
            long perAttempt = attack.retainedPerAttemptBound();
            return String.format(Locale.ROOT,
                    "%-22s attempts=%-7d heap_after_gc before=%5.1f warm=%5.1f after=%5.1f max=%5.1f MiB"
                            + "  growth=%5.1f/%d MiB  kept=%5d/%s B per attempt  healthz_worst=%4d ms (%d probes)  %5.1f s  %s",
                    attack.name(), attempts, mib(before), mib(warm), mib(after), mib(max()), mib(growth()),
                    attack.heapGrowthBound() / MIB, retainedPerAttempt(), perAttempt == 0 ? "-" : Long.toString(perAttempt),
                    health.worstMillis(), health.probes(), seconds, passed() ? "PASS" : "FAIL " + problems);
        }
    }

    /** The attempts of the warm-up (first classes loaded, pools filled), not counted per attempt. */
    static int warmUp(int attempts) {
        return attempts / 4;
    }

    /** Starts a target, runs {@code attacks} at {@code scale}, printing each line as it ends. */
    static List<Result> run(List<Attack> attacks, Attack.Scale scale, PrintStream out) throws Exception {
        return run(attacks, scale, 0, out);
    }

    /** As {@link #run(List, Attack.Scale, PrintStream)}; {@code attempts} above 0 replaces every attack's volume. */
    static List<Result> run(List<Attack> attacks, Attack.Scale scale, int attempts, PrintStream out) throws Exception {
        List<Result> results = new ArrayList<>();
        long driverCpu = driverCpuNanos();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "abuse-attack");
            thread.setDaemon(true);
            return thread;
        });
        try (AbuseTarget target = AbuseTarget.start(scale); HealthProbe probe = new HealthProbe(target.port())) {
            out.printf(Locale.ROOT, "migd %s (heap max %.0f MiB), scale %s, /healthz every %d ms (bound %d ms), %d cores%n",
                    AbuseTarget.HEAP, mib(target.heapMax()), scale.name().toLowerCase(Locale.ROOT),
                    HealthProbe.INTERVAL_MS, HealthProbe.BOUND.toMillis(), Runtime.getRuntime().availableProcessors());
            long heap = -1; // the heap after the last attack: the next one's "before" (rows show it equal to a new reading)
            for (Attack attack : attacks) {
                int volume = attempts > 0 ? attempts : attack.volume(scale);
                long before = heap;
                Future<Result> running = runner.submit(() -> run(target, probe, attack, volume, before));
                Result result;
                try {
                    result = running.get(timeLimit(scale).toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    running.cancel(true);
                    out.println(attack.name() + " did not end within " + timeLimit(scale).toSeconds()
                            + " s: FAIL; migd may be stuck, the remaining attacks are not run");
                    break;
                }
                out.println(result.line());
                results.add(result);
                heap = result.passed() ? result.after() : -1; // after a failure (perhaps not measured): measure again
                if (!target.alive()) {
                    out.println("migd is no longer running; the remaining attacks are not run");
                    break;
                }
            }
            out.printf(Locale.ROOT, "CPU used: migd %.1f s, this driver %.1f s (the suite's cost whatever the machine's load;"
                    + " load average now %s)%n", target.cpuSeconds(), (driverCpuNanos() - driverCpu) / 1e9, loadAverage());
        } finally {
            runner.shutdownNow();
        }
        return results;
    }

    /** Long enough for a loaded machine, short enough that a stuck migd ends the run. */
    static Duration timeLimit(Attack.Scale scale) {
        return scale == Attack.Scale.SHORT ? Duration.ofSeconds(90) : Duration.ofMinutes(15);
    }

    /**
     * One attack; {@code heapBefore} is the heap after GC measured at the end of the attack before
     * (a collection saved per attack), or -1 to measure it first.
     */
    private static Result run(AbuseTarget target, HealthProbe probe, Attack attack, int attempts, long heapBefore)
            throws Exception {
        List<String> problems = new ArrayList<>();
        long start = System.nanoTime();
        long before = heapBefore >= 0 ? heapBefore : target.heapAfterGc();
        probe.take();
        long warm = before;
        long after = before;
        try {
            attack.prepare(target);
            problems.addAll(attack.strike(target, warmUp(attempts)));
            warm = target.heapAfterGc();
            problems.addAll(attack.strike(target, attempts - warmUp(attempts)));
            after = target.heapAfterGc();
            problems.addAll(attack.verify(target));
        } catch (Exception | AssertionError e) {
            problems.add("the attack stopped: " + e);
        }
        Result result = new Result(attack, attempts, before, warm, after, probe.take(), (System.nanoTime() - start) / 1e9, problems);
        List<String> bounds = new ArrayList<>();
        if (result.growth() > attack.heapGrowthBound()) {
            bounds.add(String.format(Locale.ROOT, "heap after GC grew %.1f MiB", mib(result.growth())));
        }
        // below the noise of a heap-after-GC reading (lazily built caches, buffers) a per-attempt
        // figure means nothing: 0.1 MiB over 20 attempts reads as 5 KB each
        if (attack.retainedPerAttemptBound() > 0 && result.after() - result.warm() > RETAINED_NOISE_FLOOR
                && result.retainedPerAttempt() > attack.retainedPerAttemptBound()) {
            bounds.add("each attempt kept " + result.retainedPerAttempt() + " bytes");
        }
        if (result.max() > HEAP_CEILING) {
            bounds.add(String.format(Locale.ROOT, "heap after GC reached %.1f MiB", mib(result.max())));
        }
        if (!result.health().failures().isEmpty()) {
            bounds.add("/healthz: " + result.health().failures());
        }
        if (!target.alive()) {
            bounds.add("migd died");
        }
        problems.addAll(0, bounds);
        return result;
    }

    /** CPU time of this JVM (the attacks' clients, the probe, the heap meter). */
    private static long driverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static double mib(long bytes) {
        return bytes / (double) MIB;
    }

    /** {@code bench/abuse}: {@code [--scale short|full] [--attack NAME]... [--attempts N] [--list]}. */
    public static void main(String[] args) throws Exception {
        Attack.Scale scale = Attack.Scale.FULL;
        int attempts = 0;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Attack.Scale.valueOf(value(args, ++i).toUpperCase(Locale.ROOT));
                case "--attack" -> names.add(value(args, ++i));
                case "--attempts" -> attempts = Integer.parseInt(value(args, ++i));
                case "--list" -> {
                    ATTACKS.forEach(a -> System.out.printf(Locale.ROOT, "%-22s %s%n", a.name(), a.what()));
                    return;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        List<Attack> chosen = names.isEmpty() ? ATTACKS : names.stream().map(AbuseSuite::named).toList();
        List<Result> results = run(chosen, scale, attempts, System.out);
        long failed = results.stream().filter(r -> !r.passed()).count() + (chosen.size() - results.size());
        System.out.println(failed == 0 ? "all " + results.size() + " attacks PASS" : failed + " of " + chosen.size() + " attacks FAIL");
        System.exit(failed == 0 ? 0 : 1);
    }

    private static Attack named(String name) {
        return ATTACKS.stream().filter(a -> a.name().equals(name)).findFirst().orElseGet(() -> {
            usage("no attack " + name + "; --list names them");
            return null;
        });
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("bench/abuse: " + problem);
        System.err.println("usage: bench/abuse [--scale short|full] [--attack NAME]... [--attempts N] [--list]  (attacks: "
                + String.join(" ", ATTACKS.stream().map(Attack::name).toList()) + ")");
        System.exit(2);
    }
}
