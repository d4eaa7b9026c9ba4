package io.mig.core.port.out;

import java.util.List;
import java.util.function.Predicate;

/**
 * An {@link AuditSink} that also answers queries over the records it keeps: the history that audit
 * export (SPEC §5) and the conformance self-checks read. It keeps a bounded history per tenant, so
 * one tenant's traffic cannot push another tenant's records out; records without a tenant (an
 * unauthenticated caller's refusal) have a history of their own.
 *
 * <p>A store outside the JVM may answer by reading its records and applying {@code filter} locally:
 * the filter is a plain test of one record, with no access to the store.
 */
public interface AuditHistory extends AuditSink {
    /** Matching records over every tenant, oldest first, at most {@code limit}: the newest ones when more match. */
    List<AuditRecord> query(Predicate<AuditRecord> filter, int limit);

    /**
     * Like {@link #query(Predicate, int)} within one tenant's history only ({@code null}: the history
     * of the records without a tenant).
     */
    List<AuditRecord> query(String tenant, Predicate<AuditRecord> filter, int limit);

    /** A history of the newest {@code capacity} records for each tenant and for all of them together, in memory. */
    static AuditHistory inMemory(int capacity) {
        return new io.mig.core.memory.InMemoryAuditLog(capacity);
    }
}
