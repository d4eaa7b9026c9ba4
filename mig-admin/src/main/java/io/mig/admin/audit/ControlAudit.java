package io.mig.admin.audit;

import io.mig.core.error.MigException;
import io.mig.core.port.out.AuditRecord;
import io.mig.core.port.out.AuditSink;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Audits control-plane mutations (SPEC §8.3): one record per attempt, success or failure, whose
 * {@code capability} names the operation (e.g. {@code admin.capabilities.upsert}). The record is
 * written before the caller gets the answer, so with a JSONL sink it is on disk by then.
 */
public final class ControlAudit {
    private final AuditSink sink;
    private final Clock clock;

    public ControlAudit(AuditSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Runs a mutation and records its outcome.
     *
     * @param tenant the tenant the mutation concerns, or null
     */
    public <T> T record(String operation, Operator operator, String tenant, Supplier<T> mutation) {
        long start = System.nanoTime();
        try {
            T result = mutation.get();
            write(operation, operator, tenant, null, start);
            return result;
        } catch (RuntimeException e) {
            write(operation, operator, tenant, MigException.from(e).code().name(), start);
            throw e;
        }
    }

    private void write(String operation, Operator operator, String tenant, String code, long start) {
        sink.record(new AuditRecord(operator.actor(), tenant, operation, code == null ? AuditRecord.SUCCESS : AuditRecord.FAILURE,
                clock.instant().toString(), "msg-" + java.util.UUID.randomUUID(), code, operator.binding(),
                (System.nanoTime() - start) / 1_000_000, operator.traceparent()));
    }
}
