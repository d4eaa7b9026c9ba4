package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Concurrently;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditHistory} does: a recorded record is readable as soon as {@code record}
 * returns (the {@link AuditSink} promise), answers are oldest first and the newest ones when the
 * limit cuts, each tenant's history is its own (one tenant's flood cannot erase another's records),
 * and records written by many threads at once are all kept. {@link #newHistory} gives a fresh, empty
 * history keeping {@code capacity} records per tenant and over all tenants.
 */
public abstract class AuditHistoryContract {
    protected abstract AuditHistory newHistory(int capacity);

    protected static AuditRecord record(String tenant, String messageId) {
        return new AuditRecord("actor", tenant, "a.echo", AuditRecord.SUCCESS, "2026-01-01T00:00:00Z", messageId, null,
                "http", 1, null);
    }

    @Test
    void aRecordIsReadableAsSoonAsItIsRecorded() {
        AuditHistory history = newHistory(100);
        history.record(record("acme", "m-1"));
        assertThat(history.query(r -> true, 10)).extracting(AuditRecord::messageId).containsExactly("m-1");
        assertThat(history.query("acme", r -> true, 10)).extracting(AuditRecord::messageId).containsExactly("m-1");
    }

    @Test
    void answersAreOldestFirstAndTheLimitKeepsTheNewest() {
        AuditHistory history = newHistory(100);
        history.record(record("acme", "1"));
        history.record(record("beta", "2"));
        history.record(record("acme", "3"));
        assertThat(history.query(r -> true, 10)).extracting(AuditRecord::messageId).containsExactly("1", "2", "3");
        assertThat(history.query(r -> true, 2)).extracting(AuditRecord::messageId).containsExactly("2", "3");
        assertThat(history.query("acme", r -> true, 1)).extracting(AuditRecord::messageId).containsExactly("3");
    }

    @Test
    void theFilterSelectsAndTheTenantQueryReadsOnlyThatTenant() {
        AuditHistory history = newHistory(100);
        history.record(record("acme", "a-1"));
        history.record(record("beta", "b-1"));
        history.record(record(null, "anon-1"));
        history.record(record("acme", "a-2"));
        assertThat(history.query(r -> r.messageId().endsWith("-2"), 10)).extracting(AuditRecord::messageId)
                .containsExactly("a-2");
        assertThat(history.query("beta", r -> true, 10)).extracting(AuditRecord::messageId).containsExactly("b-1");
        assertThat(history.query(null, r -> true, 10)).extracting(AuditRecord::messageId).containsExactly("anon-1");
        assertThat(history.query("nobody", r -> true, 10)).isEmpty();
    }

    @Test
    void aFloodingTenantCannotEraseAnotherTenantsRecords() {
        AuditHistory history = newHistory(50);
        for (int i = 0; i < 5; i++) {
            history.record(record("acme", "acme-" + i));
        }
        for (int i = 0; i < 2_000; i++) {
            history.record(record("beta", "beta-" + i));
        }
        assertThat(history.query("acme", r -> true, 100)).extracting(AuditRecord::messageId)
                .containsExactly("acme-0", "acme-1", "acme-2", "acme-3", "acme-4");
        List<AuditRecord> beta = history.query("beta", r -> true, 100);
        assertThat(beta).hasSizeLessThanOrEqualTo(50);
        assertThat(beta.get(beta.size() - 1).messageId()).isEqualTo("beta-1999");
        assertThat(history.query(r -> true, 1_000)).hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void concurrentRecordsAreAllKeptInEachWritersOrder() {
        int threads = 8;
        int each = 100;
        AuditHistory history = newHistory(threads * each);
        Concurrently.run(threads, Duration.ofSeconds(60), t -> {
            for (int i = 0; i < each; i++) {
                history.record(record("tenant-" + (t % 2), t + ":" + i));
            }
            return null;
        });
        List<AuditRecord> all = history.query(r -> true, threads * each);
        assertThat(all).hasSize(threads * each);
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<String> mine = new ArrayList<>();
            all.stream().map(AuditRecord::messageId).filter(id -> id.startsWith(prefix)).forEach(mine::add);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                expected.add(prefix + i);
            }
            assertThat(mine).as("writer %d's records, in its order", t).isEqualTo(expected);
        }
    }
}
