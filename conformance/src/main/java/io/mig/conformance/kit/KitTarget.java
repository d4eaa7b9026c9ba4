package io.mig.conformance.kit;

import java.util.function.UnaryOperator;

/**
 * What the kit may rely on in the gateway under test, besides MIG itself.
 *
 * @param unaryCapability a capability with mode {@code unary} taking {@code {"input": "<words>"}}
 *     (the demo {@code observatory.models.infer} by default)
 * @param streamCapability a capability with mode {@code server_stream} taking the same input and
 *     answering at least two frames for two words (the demo again by default)
 * @param slowCapability a capability for deadlines, cancellation and concurrent duplicates, or null
 *     when the gateway has none (those cases are then skipped): {@code {"delay_ms": N}} answers after
 *     N ms with a payload holding {@code run}, a number that differs on every provider run;
 *     {@code {"delay_ms": N, "frames": K}} streams K frames N ms apart, then a terminal frame
 * @param otherTenant a second tenant, for isolation cases
 * @param tokens mints a bearer token for a tenant when the gateway runs with auth {@code jwt}; null
 *     when it runs with auth {@code none} (the token cases are then skipped)
 */
public record KitTarget(String unaryCapability, String streamCapability, String slowCapability, String otherTenant,
        UnaryOperator<String> tokens) {
    /** The demo capability is {@code observatory.models.infer} (SPEC §4.6). */
    public static final String DEMO = "observatory.models.infer";

    /** The id the kit's own tests register the slow capability under (see docs/CONFORMANCE.md). */
    public static final String SLOW = "conformance.kit.slow";

    /** The demo capability for unary and streamed work, no slow capability, auth {@code none}. */
    public static KitTarget demo() {
        return new KitTarget(DEMO, DEMO, null, "conformance-other", null);
    }

    public KitTarget withSlowCapability(String id) {
        return new KitTarget(unaryCapability, streamCapability, id, otherTenant, tokens);
    }

    public KitTarget withTokens(UnaryOperator<String> minter) {
        return new KitTarget(unaryCapability, streamCapability, slowCapability, otherTenant, minter);
    }
}
