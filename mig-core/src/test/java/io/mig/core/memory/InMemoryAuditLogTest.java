package io.mig.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.port.out.AuditRecord;
import org.junit.jupiter.api.Test;

/** Audit history per tenant: one tenant's flood (or the anonymous one) cannot erase another's records. */
class InMemoryAuditLogTest {
    private static AuditRecord record(String tenant, String messageId) {
        return new AuditRecord("a", tenant, "cap", AuditRecord.SUCCESS, "2026-01-01T00:00:00Z", messageId, null,
                "http", 1, null);
    }

    @Test
    void aFloodingTenantLosesItsOwnRecordsFirst() {
        InMemoryAuditLog log = new InMemoryAuditLog(100, 150);
        for (int i = 0; i < 10; i++) {
            log.record(record("acme", "acme-" + i));
        }
        for (int i = 0; i < 10_000; i++) {
            log.record(record("beta", "beta-" + i));
        }
        for (int i = 0; i < 10_000; i++) {
            log.record(record(null, "anon-" + i));
        }
        assertThat(log.query("acme", r -> true, 1000)).extracting(AuditRecord::messageId)
                .hasSize(10).startsWith("acme-0").endsWith("acme-9");
        assertThat(log.query("beta", r -> true, 1000)).hasSizeLessThanOrEqualTo(100)
                .last().extracting(AuditRecord::messageId).isEqualTo("beta-9999");
        assertThat(log.size()).isLessThanOrEqualTo(150);
    }

    @Test
    void theMergedViewIsInRecordingOrder() {
        InMemoryAuditLog log = new InMemoryAuditLog(10, 100);
        log.record(record("acme", "1"));
        log.record(record("beta", "2"));
        log.record(record("acme", "3"));
        assertThat(log.query(r -> true, 10)).extracting(AuditRecord::messageId).containsExactly("1", "2", "3");
        assertThat(log.query(r -> true, 2)).extracting(AuditRecord::messageId).containsExactly("2", "3");
    }
}
