package io.mig.conformance;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mig-grpc-smoke -addr localhost:9090 -tenant acme [-token JWT] [-tls] [-ca cert.pem]}: calls
 * every RPC of the gRPC binding once, prints one line per check and a summary, and exits 0 when every
 * check passed, 1 otherwise, 2 on bad arguments. Plaintext unless {@code -tls} (the JVM's trusted
 * CAs) or {@code -ca} (trust the certificates in that PEM file; implies {@code -tls}).
 */
public final class MigGrpcSmoke {
    static final String USAGE = "usage: mig-grpc-smoke -addr localhost:9090 -tenant acme [-token JWT] [-tls] [-ca cert.pem]";

    private MigGrpcSmoke() {
    }

    public static void main(String[] args) {
        GrpcWire wire;
        try {
            wire = wire(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mig-grpc-smoke: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        boolean ok;
        try (wire) {
            ok = run(wire, System.out).stream().allMatch(Check.Result::ok);
        }
        System.exit(ok ? 0 : 1);
    }

    /**
     * The channel the arguments describe.
     *
     * @throws IllegalArgumentException on bad arguments
     */
    static GrpcWire wire(String[] args) {
        Map<String, String> flags = Flags.parse(args, List.of("addr", "tenant", "token", "ca"), List.of("tls"));
        if (flags.containsKey("ca") && "false".equals(flags.get("tls"))) {
            throw new IllegalArgumentException("-ca needs TLS; drop -tls=false");
        }
        boolean tls = flags.containsKey("ca") || "true".equals(flags.get("tls"));
        String address = flags.getOrDefault("addr", "localhost:9090");
        String tenant = flags.getOrDefault("tenant", "acme");
        return tls ? new GrpcWire(address, tenant, flags.get("token"), GrpcWire.tls(flags.get("ca")))
                : new GrpcWire(address, tenant, flags.get("token"));
    }

    /** Runs every check in order and reports to {@code out}. */
    static List<Check.Result> run(GrpcWire wire, PrintStream out) {
        List<Check.Result> results = new ArrayList<>();
        for (Check<GrpcWire> check : GrpcChecks.all()) {
            Check.Result result = check.execute(wire);
            results.add(result);
            out.printf("%s  %-8s %-52s %s (%d ms)%n", result.ok() ? "PASS" : "FAIL", check.profile(), check.name(),
                    result.detail(), result.millis());
        }
        long passed = results.stream().filter(Check.Result::ok).count();
        out.println("grpc smoke: " + passed + " passed, " + (results.size() - passed) + " failed");
        return results;
    }
}
