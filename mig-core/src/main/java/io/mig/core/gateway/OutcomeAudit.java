package io.mig.core.gateway;

import io.mig.core.error.ErrorCode;
import io.mig.core.port.out.AuditRecord;
import io.mig.core.port.out.AuditSink;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.InvocationListener;
import io.mig.core.port.out.InvocationOutcome;
import java.time.Clock;

/**
 * Writes one audit record per invocation outcome, on every binding. Refusals of unauthenticated
 * callers are sampled, so an anonymous flood cannot fill the trail.
 */
final class OutcomeAudit implements InvocationListener {
    private final AuditSink audit;
    private final RefusalSampler refusals;
    private final GatewayMetrics metrics;

    OutcomeAudit(AuditSink audit, GatewayMetrics metrics, Clock clock) {
        this.audit = audit;
        this.metrics = metrics;
        this.refusals = new RefusalSampler(RefusalSampler.DEFAULT_PER_WINDOW, RefusalSampler.DEFAULT_WINDOW, clock);
    }

    @Override
    public void onOutcome(InvocationOutcome outcome) {
        if (!outcome.authenticated() && outcome.code() == ErrorCode.MIG_UNAUTHORIZED) {
            // an anonymous flood must not fill the trail: sample it, and keep the tenant it merely claimed
            // out of the record, so it cannot crowd out that tenant's history
            if (!refusals.admit()) {
                metrics.boundHit("audit_unauthenticated");
                return;
            }
            audit.record(new AuditRecord(outcome.actor(), null, outcome.capability(), AuditRecord.FAILURE,
                    outcome.timestamp(), outcome.messageId(), outcome.code().name(),
                    outcome.binding() == null ? null : outcome.binding().wire(), outcome.durationNanos() / 1_000_000,
                    outcome.traceparent()));
            return;
        }
        audit.record(new AuditRecord(outcome.actor(), outcome.tenant(), outcome.capability(),
                outcome.success() ? AuditRecord.SUCCESS : AuditRecord.FAILURE, outcome.timestamp(), outcome.messageId(),
                outcome.code() == null ? null : outcome.code().name(), outcome.binding() == null ? null : outcome.binding().wire(),
                outcome.durationNanos() / 1_000_000, outcome.traceparent()));
    }
}
