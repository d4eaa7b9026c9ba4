package io.mig.conformance;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mig-nats-smoke -url nats://localhost:4222 -tenant acme [-token JWT]}: runs the NATS
 * binding checks against a running migd, prints one PASS/FAIL line per check and a summary, and
 * exits 0 when every check passed, 1 otherwise, 2 on bad arguments or when NATS is unreachable.
 */
public final class MigNatsSmoke {
    private MigNatsSmoke() {
    }

    record Result(String name, boolean ok, String detail, long millis) {
    }

    public static void main(String[] args) {
        Map<String, String> flags;
        try {
            flags = Flags.parse(args, List.of("url", "tenant", "token"));
        } catch (IllegalArgumentException e) {
            System.err.println("mig-nats-smoke: " + e.getMessage());
            System.err.println("usage: mig-nats-smoke -url nats://localhost:4222 -tenant acme [-token JWT]");
            System.exit(2);
            return;
        }
        String url = flags.getOrDefault("url", "nats://localhost:4222");
        NatsWire wire;
        try {
            wire = new NatsWire(url, flags.getOrDefault("tenant", "acme"), flags.get("token"));
        } catch (Exception e) {
            System.err.println("mig-nats-smoke: cannot connect to " + url + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean ok;
        try (wire) {
            ok = run(wire, System.out).stream().allMatch(Result::ok);
        } catch (InterruptedException e) {
            ok = false;
        }
        System.exit(ok ? 0 : 1);
    }

    static List<Result> run(NatsWire wire, PrintStream out) {
        List<Result> results = new ArrayList<>();
        for (NatsChecks.Named check : NatsChecks.all()) {
            long start = System.nanoTime();
            Result result;
            try {
                result = new Result(check.name(), true, check.body().run(wire), (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                result = new Result(check.name(), false, message, (System.nanoTime() - start) / 1_000_000);
            }
            results.add(result);
            out.printf("%s  %-50s %s (%d ms)%n", result.ok() ? "PASS" : "FAIL", result.name(), result.detail(), result.millis());
        }
        long passed = results.stream().filter(Result::ok).count();
        out.println("nats smoke: " + passed + " passed, " + (results.size() - passed) + " failed");
        return results;
    }
}
