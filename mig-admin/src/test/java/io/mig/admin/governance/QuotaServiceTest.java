package io.mig.admin.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.admin.audit.ControlAudit;
import io.mig.admin.audit.Operator;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.memory.InMemoryAuditLog;
import io.mig.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
    private final InMemoryAuditLog audit = new InMemoryAuditLog(100);
    private final QuotaService quotas = new QuotaService(clock, new ControlAudit(audit, clock));
    private final Operator admin = new Operator("ops", "http", null);

    @Test
    void lifetimeQuotaRefusesForeverWithoutRetryAfter() {
        quotas.set(MigJson.object().put("tenant_id", "acme").put("max_invocations", 2), admin);
        quotas.acquire("acme");
        quotas.acquire("acme");
        clock.advance(Duration.ofDays(30));
        assertThatThrownBy(() -> quotas.acquire("acme")).isInstanceOfSatisfying(MigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MIG_RATE_LIMITED);
            assertThat(e.details().has("retry_after_seconds")).isFalse();
            assertThat(e.retryable()).isFalse();
        });
        quotas.acquire("other"); // no quota, no limit
        // raising the cap frees room without forgiving what was used
        assertThat(quotas.set(MigJson.object().put("tenant_id", "acme").put("max_invocations", 3), admin).remaining()).isEqualTo(1);
    }

    @Test
    void windowedQuotaResetsEachWindowAndSaysWhen() {
        Quota stored = quotas.set(MigJson.object().put("tenant_id", "acme").put("max_invocations", 1).put("window_seconds", 60), admin);
        assertThat(stored.resetsAt()).isEqualTo("2026-01-01T00:01:00Z");
        quotas.acquire("acme");
        assertThatThrownBy(() -> quotas.acquire("acme")).isInstanceOfSatisfying(MigException.class,
                e -> assertThat(e.details().get("retry_after_seconds").asLong()).isEqualTo(50));
        clock.advance(Duration.ofSeconds(50));
        quotas.acquire("acme");
        assertThat(quotas.find("acme").orElseThrow().remaining()).isZero();
    }

    @Test
    void badQuotasAreRefusedAndAudited() {
        assertThatThrownBy(() -> quotas.set(MigJson.object().put("tenant_id", "acme").put("max_invocations", -1), admin))
                .hasMessageContaining("max_invocations");
        assertThatThrownBy(() -> quotas.set(MigJson.object().put("tenant_id", "acme").put("max_invocations", 5)
                .put("window_seconds", 0), admin)).hasMessageContaining("window_seconds");
        assertThatThrownBy(() -> quotas.set(MigJson.object().put("tenant_id", "a b").put("max_invocations", 5), admin))
                .hasMessageContaining("tenant_id");
        assertThat(audit.query(r -> r.capability().equals("pro.quotas.set"), 10))
                .extracting(r -> r.outcome() + ":" + r.code())
                .containsExactly("failure:MIG_INVALID_REQUEST", "failure:MIG_INVALID_REQUEST", "failure:MIG_INVALID_REQUEST");
    }

    @Test
    void checkRefusesWhatSetWouldRefuseWithoutStoringOrAuditing() {
        assertThat(quotas.check(MigJson.object().put("tenant_id", "acme").put("max_invocations", 5))).isEqualTo("acme");
        assertThatThrownBy(() -> quotas.check(MigJson.object().put("tenant_id", "acme").put("max_invocations", -1)))
                .isInstanceOfSatisfying(MigException.class,
                        e -> assertThat(e.details().path("field").asText()).isEqualTo("max_invocations"));
        assertThat(quotas.list()).isEmpty();
        assertThat(audit.query(r -> true, 10)).isEmpty();
    }

    @Test
    void removingAQuotaLiftsTheLimitAndIsAudited() {
        quotas.set(MigJson.object().put("tenant_id", "acme").put("max_invocations", 0), admin);
        assertThatThrownBy(() -> quotas.acquire("acme")).isInstanceOf(MigException.class);
        assertThat(quotas.remove("acme", admin)).isTrue();
        quotas.acquire("acme");
        assertThat(quotas.find("acme")).isEmpty();
        assertThat(quotas.remove("acme", admin)).isFalse();
        assertThat(audit.query(r -> r.capability().equals("pro.quotas.delete"), 10))
                .extracting(r -> r.actor() + ":" + r.tenantId() + ":" + r.outcome()).containsExactly("ops:acme:success", "ops:acme:success");
    }
}
