package io.mig.conformance.kit;

import static io.mig.conformance.kit.KitContext.expect;
import static io.mig.conformance.kit.KitContext.success;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The full profile's own case. SPEC §8.2's full profile also needs metrics and audit; those are
 * the gateway's (its admin API and {@code /metrics}), not a binding's, and the gateway's own
 * conformance health endpoint checks them.
 */
final class FullCases {
    private FullCases() {
    }

    static List<KitCase> all() {
        return List.of(new KitCase("traceparent", "a traceparent is carried into the answer's trace", Profile.FULL, true,
                FullCases::traceparent));
    }

    private static String traceparent(KitContext kit) throws Exception {
        String traceId = KitContext.id("t").replace("t-", "").repeat(2);
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";
        ObjectNode body = kit.invocation(kit.target().unaryCapability(), kit.input("traced"));
        ((ObjectNode) body.path("header")).put("traceparent", traceparent);
        JsonNode a = success(kit.wire().invoke(kit.call(body)), "INVOKE with a traceparent");
        String echoed = a.path("header").path("traceparent").asText();
        expect(echoed.startsWith("00-" + traceId + "-"), "traceparent " + traceparent + " came back as '" + echoed + "'");
        return "trace " + traceId;
    }
}
