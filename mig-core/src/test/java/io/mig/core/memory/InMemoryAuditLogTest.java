package io.mig.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.port.out.AuditHistory;
import io.mig.core.port.out.AuditHistoryContract;
import io.mig.core.port.out.AuditRecord;
import org.junit.jupiter.api.Test;

/** The in-memory audit history passes the audit contract; its separate per-tenant and global bounds hold. */
class InMemoryAuditLogTest extends AuditHistoryContract {
    @Override
    protected AuditHistory newHistory(int capacity) {
        return new InMemoryAuditLog(capacity);
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
}
