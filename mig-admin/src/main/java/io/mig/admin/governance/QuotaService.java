package io.mig.admin.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.admin.audit.ControlAudit;
import io.mig.admin.audit.Operator;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.MigGateway;
import io.mig.core.model.Names;
import io.mig.core.port.out.QuotaGate;
import io.mig.core.port.out.QuotaLimit;
import io.mig.core.port.out.QuotaStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Per-tenant quotas (SPEC §4.8), the core's {@link QuotaGate}: every admitted invocation of a tenant,
 * on any binding, counts against its quota. A lifetime quota counts from the moment it is first set
 * and keeps its count when replaced (raising the cap frees room, it does not forgive usage); a
 * windowed quota counts per fixed window aligned to the epoch, and a refusal says when the window ends
 * ({@code details.retry_after_seconds}, which HTTP turns into {@code Retry-After}).
 *
 * <p>Limits and counts live in a {@link QuotaStore}, which counts exactly however many instances share
 * it; this service decides the window from its clock and words the refusal.
 */
public final class QuotaService implements QuotaGate {
    private final QuotaStore store;
    private final Clock clock;
    private final ControlAudit audit;

    /** Quotas in their own in-memory store. */
    public QuotaService(Clock clock, ControlAudit audit) {
        this(clock, audit, QuotaStore.inMemory());
    }

    /** Quotas in {@code store}, which other instances may share. */
    public QuotaService(Clock clock, ControlAudit audit, QuotaStore store) {
        this.clock = clock;
        this.audit = audit;
        this.store = store;
    }

    @Override
    public void acquire(String tenant) {
        QuotaLimit limit = tenant == null ? null : store.find(tenant).orElse(null);
        if (limit == null) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        long windowStart = limit.windowStart(now);
        if (store.tryAcquire(limit, windowStart)) {
            return;
        }
        MigException refused = new MigException(ErrorCode.MIG_RATE_LIMITED, limit.windowSeconds() == null
                ? "tenant '" + tenant + "' has used all " + limit.max() + " invocations of its quota"
                : "tenant '" + tenant + "' has used its " + limit.max() + " invocations per " + limit.windowSeconds() + " s")
                .withDetail("tenant_id", tenant).withDetail("max_invocations", limit.max());
        throw limit.windowSeconds() == null ? refused.withRetryable(false)
                : refused.withDetail("retry_after_seconds", Math.max(1, windowStart + limit.windowSeconds() - now))
                        .withDetail("window_seconds", limit.windowSeconds());
    }

    /** Stores or replaces a tenant's quota from {@code {tenant_id, max_invocations, window_seconds?}}. */
    public Quota set(JsonNode body, Operator operator) {
        String tenant = body == null ? null : body.path("tenant_id").asText(null);
        return audit.record("pro.quotas.set", operator, tenant, () -> {
            Limit limit = limit(body);
            QuotaLimit stored = new QuotaLimit(tenant, limit.max, limit.window, clock.instant().toString());
            store.put(stored);
            return view(stored);
        });
    }

    /**
     * Checks a body as {@link #set} would, without storing or auditing anything; returns its tenant.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} naming the field, exactly as {@code set} would
     */
    public String check(JsonNode body) {
        return limit(body).tenant;
    }

    /** Removes a tenant's quota (its count goes with it), audited as {@code pro.quotas.delete}; false when it had none. */
    public boolean remove(String tenant, Operator operator) {
        return audit.record("pro.quotas.delete", operator, tenant, () -> tenant != null && store.remove(tenant));
    }

    private static Limit limit(JsonNode body) {
        String tenant = body == null ? null : body.path("tenant_id").asText(null);
        Names.requireTenant(tenant);
        if (MigGateway.INTERNAL_TENANT.equals(tenant)) {
            throw MigException.invalid("tenant '" + tenant + "' is reserved for the gateway's self-checks")
                    .withDetail("field", "tenant_id");
        }
        long max = integer(body, "max_invocations", 0);
        Long window = body.hasNonNull("window_seconds") ? integer(body, "window_seconds", 1) : null;
        return new Limit(tenant, max, window);
    }

    private record Limit(String tenant, long max, Long window) {
    }

    public Optional<Quota> find(String tenant) {
        return tenant == null ? Optional.empty() : store.find(tenant).map(this::view);
    }

    /** Every quota, ordered by tenant. */
    public List<Quota> list() {
        return store.list().stream().map(this::view).toList();
    }

    /** Invocations the tenant may still make now; empty when it has no quota. */
    public Optional<Long> remaining(String tenant) {
        return find(tenant).map(Quota::remaining);
    }

    /** A limit as shown, with its count in the current window (the window of the service's clock). */
    private Quota view(QuotaLimit limit) {
        long windowStart = limit.windowStart(clock.instant().getEpochSecond());
        long used = store.used(limit, windowStart);
        String resetsAt = limit.windowSeconds() == null ? null : Instant.ofEpochSecond(windowStart + limit.windowSeconds()).toString();
        return new Quota(limit.tenant(), limit.max(), limit.windowSeconds(), used, Math.max(0, limit.max() - used), resetsAt,
                limit.updatedAt());
    }

    private static long integer(JsonNode body, String field, long min) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw MigException.invalid(field + " is required").withDetail("field", field);
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min) {
            throw MigException.invalid(field + " must be an integer of at least " + min).withDetail("field", field);
        }
        return node.asLong();
    }
}
