package io.mig.admin.conformance;

import io.mig.core.gateway.MigGateway;
import io.mig.core.port.out.AuditHistory;
import java.util.List;

/** Entry point to the standard self-checks (SPEC §8.2) for a built gateway. */
public final class SelfCheckSuite {
    /** The internal capability the checks invoke (never listed); its invocations show up in metrics and audit. */
    public static final String PROBE_CAPABILITY = SelfProbe.ID;
    /** The internal topic the evented check publishes on, in the internal tenant. */
    public static final String PROBE_TOPIC = EventChecks.TOPIC;

    private SelfCheckSuite() {
    }

    /**
     * Registers the internal probe capability on the gateway and returns the checks in running order,
     * followed by {@code extra}.
     *
     * @param auditHistory the history the gateway's audit sink feeds, or null when there is none
     */
    public static List<ConformanceCheck> checks(MigGateway gateway, AuditHistory auditHistory,
                                                List<ConformanceCheck> extra) {
        return new SelfChecks(gateway, auditHistory).all(extra);
    }
}
