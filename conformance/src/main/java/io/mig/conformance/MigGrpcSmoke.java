package io.mig.conformance;

import io.mig.conformance.kit.ConformanceKit;
import io.mig.conformance.kit.KitTarget;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code mig-grpc-smoke -addr localhost:9090 -tenant acme [-token JWT] [-tls] [-ca cert.pem]}: runs the
 * conformance kit over the gRPC binding, prints one line per case and the MIG profiles the binding
 * meets, and exits 0 when no case failed, 1 otherwise, 2 on bad arguments. Plaintext unless {@code -tls} (the JVM's trusted
 * CAs) or {@code -ca} (trust the certificates in that PEM file; implies {@code -tls}).
 */
public final class MigGrpcSmoke {
    static final String USAGE = "usage: mig-grpc-smoke -addr localhost:9090 -tenant acme [-token JWT] [-tls] [-ca cert.pem] "
            + KitFlags.USAGE;

    private MigGrpcSmoke() {
    }

    public static void main(String[] args) {
        GrpcWire wire;
        KitTarget target;
        try {
            wire = wire(args);
            target = target(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mig-grpc-smoke: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        boolean ok;
        try (wire) {
            ok = KitFlags.exitCode(run(wire, target, System.out)) == 0;
        }
        System.exit(ok ? 0 : 1);
    }

    /**
     * The channel the arguments describe.
     *
     * @throws IllegalArgumentException on bad arguments
     */
    static GrpcWire wire(String[] args) {
        Map<String, String> flags = flags(args);
        if (flags.containsKey("ca") && "false".equals(flags.get("tls"))) {
            throw new IllegalArgumentException("-ca needs TLS; drop -tls=false");
        }
        boolean tls = flags.containsKey("ca") || "true".equals(flags.get("tls"));
        String address = flags.getOrDefault("addr", "localhost:9090");
        String tenant = flags.getOrDefault("tenant", "acme");
        return tls ? new GrpcWire(address, tenant, flags.get("token"), GrpcWire.tls(flags.get("ca")))
                : new GrpcWire(address, tenant, flags.get("token"));
    }

    /** The kit's target the arguments describe. */
    static KitTarget target(String[] args) {
        Map<String, String> flags = flags(args);
        return KitFlags.target(flags, flags.getOrDefault("tenant", "acme"), flags.get("token"));
    }

    private static Map<String, String> flags(String[] args) {
        return Flags.parse(args, KitFlags.with("addr", "tenant", "token", "ca"), List.of("tls"));
    }

    /** Runs the kit over {@code wire} and reports to {@code out}. */
    static List<ConformanceKit.Result> run(GrpcWire wire, KitTarget target, PrintStream out) {
        return ConformanceKit.run(wire, target, out);
    }
}
