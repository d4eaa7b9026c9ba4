package io.mig.conformance;

import io.mig.conformance.kit.ConformanceKit;
import io.mig.conformance.kit.KitTarget;
import io.mig.conformance.kit.MigWire;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mig-conformance -base-url http://localhost:8080 -tenant acme [-token JWT] [-binding http,ws]}:
 * runs the conformance kit against a running gateway over each named binding ({@code http}, the
 * default, and {@code ws}; {@code grpc} with {@code -addr}, {@code nats} with {@code -url}), prints
 * one line per case and, per binding, the MIG profiles it meets; exits 0 when no case failed, 1
 * otherwise, 2 on bad arguments.
 */
public final class MigConformance {
    static final String USAGE = "usage: mig-conformance -base-url http://localhost:8080 -tenant acme [-token JWT]"
            + " [-binding http|ws|grpc|nats[,…]] [-addr localhost:9090] [-url nats://localhost:4222] " + KitFlags.USAGE;

    private MigConformance() {
    }

    public static void main(String[] args) {
        Map<String, String> flags;
        List<String> bindings;
        try {
            flags = Flags.parse(args, KitFlags.with("base-url", "tenant", "token", "binding", "addr", "url"));
            bindings = List.of(flags.getOrDefault("binding", "http").split(","));
            for (String binding : bindings) {
                if (!List.of("http", "ws", "grpc", "nats").contains(binding)) {
                    throw new IllegalArgumentException("-binding " + binding + " is not one of http, ws, grpc, nats");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("mig-conformance: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        String tenant = flags.getOrDefault("tenant", "acme");
        String token = flags.get("token");
        KitTarget target = KitFlags.target(flags, tenant, token);
        List<ConformanceKit.Result> all = new ArrayList<>();
        for (String binding : bindings) {
            try (MigWire wire = wire(binding, flags, tenant, token)) {
                all.addAll(ConformanceKit.run(wire, target, System.out));
            } catch (Exception e) {
                System.err.println("mig-conformance: cannot reach the " + binding + " binding: " + e.getMessage());
                System.exit(2);
                return;
            }
        }
        System.exit(KitFlags.exitCode(all));
    }

    private static MigWire wire(String binding, Map<String, String> flags, String tenant, String token) throws Exception {
        HttpWire http = new HttpWire(flags.getOrDefault("base-url", "http://localhost:8080"), tenant, token);
        return switch (binding) {
            case "ws" -> new WebSocketWire(http);
            case "grpc" -> new GrpcWire(flags.getOrDefault("addr", "localhost:9090"), tenant, token);
            case "nats" -> new NatsWire(flags.getOrDefault("url", "nats://localhost:4222"), tenant, token);
            default -> http;
        };
    }

    /** Runs the kit over {@code wire} and reports to {@code out}. */
    static List<ConformanceKit.Result> run(MigWire wire, KitTarget target, PrintStream out) {
        return ConformanceKit.run(wire, target, out);
    }
}
