package io.mig.admin.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.admin.audit.ControlAudit;
import io.mig.admin.audit.Operator;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.memory.InMemoryAuditLog;
import io.mig.core.memory.InMemoryQuotaStore;
import io.mig.core.memory.InMemoryUsageStore;
import io.mig.core.model.Binding;
import io.mig.core.port.out.InvocationOutcome;
import io.mig.core.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Quota and usage services over one store each, as two instances sharing them (SPEC §10): a quota
 * set through one limits calls admitted by the other, counted once across both; usage counted by
 * either shows in both.
 */
class SharedQuotaStoreTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
    private final Operator admin = new Operator("ops", "http", null);
    private final InMemoryQuotaStore quotaStore = new InMemoryQuotaStore();
    private final QuotaService here = new QuotaService(clock, new ControlAudit(new InMemoryAuditLog(100), clock), quotaStore);
    private final QuotaService there = new QuotaService(clock, new ControlAudit(new InMemoryAuditLog(100), clock), quotaStore);

    @Test
    void aQuotaSetElsewhereCountsCallsOfBothInstancesOnce() {
        there.set(MigJson.object().put("tenant_id", "acme").put("max_invocations", 3).put("window_seconds", 60), admin);
        here.acquire("acme");
        there.acquire("acme");
        here.acquire("acme");
        assertThatThrownBy(() -> there.acquire("acme")).isInstanceOfSatisfying(MigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MIG_RATE_LIMITED);
            assertThat(e.details().get("retry_after_seconds").asLong()).isEqualTo(50);
        });
        assertThat(here.find("acme").orElseThrow().used()).isEqualTo(3);
        assertThat(there.remaining("acme")).contains(0L);
        assertThat(here.remove("acme", admin)).isTrue();
        there.acquire("acme"); // no quota any more
        assertThat(there.find("acme")).isEmpty();
    }

    @Test
    void usageCountedByEitherInstanceShowsInBoth() {
        InMemoryUsageStore usageStore = new InMemoryUsageStore();
        UsageLedger a = new UsageLedger(t -> !t.equals("mig-internal"), usageStore);
        UsageLedger b = new UsageLedger(t -> !t.equals("mig-internal"), usageStore);
        a.onOutcome(success("acme", "a.echo"));
        b.onOutcome(success("acme", "a.echo"));
        b.onOutcome(success("beta", "b.echo"));
        b.onOutcome(success("mig-internal", "probe"));
        UsageLedger.Usage all = a.usage(null);
        assertThat(all.totalInvocations()).isEqualTo(3);
        assertThat(all.tenantInvocations()).containsExactly(java.util.Map.entry("acme", 2L), java.util.Map.entry("beta", 1L));
        assertThat(b.usage("acme").capabilityInvocations()).containsExactly(java.util.Map.entry("a.echo", 2L));
    }

    private static InvocationOutcome success(String tenant, String capability) {
        return new InvocationOutcome(tenant, "actor", capability, true, Binding.HTTP, "msg", null, null, 1,
                "2026-01-01T00:00:10Z");
    }
}
