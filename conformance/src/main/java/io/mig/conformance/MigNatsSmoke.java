package io.mig.conformance;

import io.mig.conformance.kit.ConformanceKit;
import io.mig.conformance.kit.KitTarget;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code mig-nats-smoke -url nats://localhost:4222 -tenant acme [-token JWT]}: runs the conformance
 * kit over the NATS binding of a running migd, prints one line per case and the MIG profiles the
 * binding meets, and exits 0 when no case failed, 1 otherwise, 2 on bad arguments or when NATS is
 * unreachable.
 */
public final class MigNatsSmoke {
    static final String USAGE = "usage: mig-nats-smoke -url nats://localhost:4222 -tenant acme [-token JWT] " + KitFlags.USAGE;

    private MigNatsSmoke() {
    }

    public static void main(String[] args) {
        Map<String, String> flags;
        try {
            flags = Flags.parse(args, KitFlags.with("url", "tenant", "token"));
        } catch (IllegalArgumentException e) {
            System.err.println("mig-nats-smoke: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        String url = flags.getOrDefault("url", "nats://localhost:4222");
        String tenant = flags.getOrDefault("tenant", "acme");
        NatsWire wire;
        try {
            wire = new NatsWire(url, tenant, flags.get("token"));
        } catch (Exception e) {
            System.err.println("mig-nats-smoke: cannot connect to " + url + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean ok;
        try (wire) {
            ok = KitFlags.exitCode(run(wire, KitFlags.target(flags, tenant, flags.get("token")), System.out)) == 0;
        }
        System.exit(ok ? 0 : 1);
    }

    /** Runs the kit over {@code wire} and reports to {@code out}. */
    static List<ConformanceKit.Result> run(NatsWire wire, KitTarget target, PrintStream out) {
        return ConformanceKit.run(wire, target, out);
    }
}
