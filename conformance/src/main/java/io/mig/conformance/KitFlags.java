package io.mig.conformance;

import io.mig.conformance.kit.ConformanceKit;
import io.mig.conformance.kit.KitTarget;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The flags every command takes for the kit besides its binding's own: what the gateway offers
 * beyond MIG itself ({@code -slow-capability}, {@code -capability}) and a second tenant for the
 * isolation cases ({@code -other-tenant}, with {@code -other-token} under auth {@code jwt}).
 */
final class KitFlags {
    static final List<String> NAMES = List.of("capability", "slow-capability", "other-tenant", "other-token");
    static final String USAGE = "[-capability ID] [-slow-capability ID] [-other-tenant T] [-other-token JWT]";

    private KitFlags() {
    }

    /** {@code binding} flags followed by the kit's. */
    static List<String> with(String... binding) {
        return Stream.concat(Stream.of(binding), NAMES.stream()).toList();
    }

    /** The target the flags describe; {@code tenant}/{@code token} are the wire's own. */
    static KitTarget target(Map<String, String> flags, String tenant, String token) {
        KitTarget demo = KitTarget.demo();
        String capability = flags.getOrDefault("capability", demo.unaryCapability());
        String other = flags.getOrDefault("other-tenant", demo.otherTenant());
        KitTarget target = new KitTarget(capability, capability, flags.get("slow-capability"), other, null);
        if (token == null || token.isEmpty()) {
            return target;
        }
        String otherToken = flags.get("other-token");
        return target.withTokens(t -> t.equals(tenant) ? token : t.equals(other) ? otherToken : null);
    }

    /** 0 when no case failed (skipped and not applicable cases do not fail a run), else 1. */
    static int exitCode(List<ConformanceKit.Result> results) {
        return results.stream().anyMatch(r -> r.verdict() == ConformanceKit.Verdict.FAIL) ? 1 : 0;
    }
}
