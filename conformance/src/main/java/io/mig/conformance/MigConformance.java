package io.mig.conformance;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mig-conformance -base-url http://localhost:8080 -tenant acme [-token JWT]}: runs the HTTP
 * conformance checks against a running gateway, prints one line per check and a summary, and exits
 * 0 when every check passed, 1 otherwise, 2 on bad arguments.
 */
public final class MigConformance {
    private MigConformance() {
    }

    public static void main(String[] args) {
        Map<String, String> flags;
        try {
            flags = Flags.parse(args, List.of("base-url", "tenant", "token"));
        } catch (IllegalArgumentException e) {
            System.err.println("mig-conformance: " + e.getMessage());
            System.err.println("usage: mig-conformance -base-url http://localhost:8080 -tenant acme [-token JWT]");
            System.exit(2);
            return;
        }
        HttpWire wire = new HttpWire(flags.getOrDefault("base-url", "http://localhost:8080"),
                flags.getOrDefault("tenant", "acme"), flags.get("token"));
        System.exit(run(wire, System.out).stream().allMatch(Check.Result::ok) ? 0 : 1);
    }

    /** Runs every check in order and reports to {@code out}. */
    static List<Check.Result> run(HttpWire wire, PrintStream out) {
        List<Check.Result> results = new ArrayList<>();
        for (Check<HttpWire> check : HttpChecks.all()) {
            Check.Result result = check.execute(wire);
            results.add(result);
            out.printf("%s  %-8s %-50s %s (%d ms)%n", result.ok() ? "PASS" : "FAIL", check.profile(), check.name(),
                    result.detail(), result.millis());
        }
        long passed = results.stream().filter(Check.Result::ok).count();
        out.println("conformance: " + passed + " passed, " + (results.size() - passed) + " failed");
        return results;
    }
}
