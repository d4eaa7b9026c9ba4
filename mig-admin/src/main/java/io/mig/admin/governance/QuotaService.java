package io.mig.admin.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.admin.audit.ControlAudit;
import io.mig.admin.audit.Operator;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.MigGateway;
import io.mig.core.model.Names;
import io.mig.core.port.out.QuotaGate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Per-tenant quotas (SPEC §4.8), the core's {@link QuotaGate}: every admitted invocation of a tenant,
 * on any binding, counts against its quota. A lifetime quota counts from the moment it is first set
 * and keeps its count when replaced (raising the cap frees room, it does not forgive usage); a
 * windowed quota counts per fixed window aligned to the epoch, and a refusal says when the window ends
 * ({@code details.retry_after_seconds}, which HTTP turns into {@code Retry-After}).
 */
public final class QuotaService implements QuotaGate {
    private final ConcurrentSkipListMap<String, Counter> byTenant = new ConcurrentSkipListMap<>();
    private final Clock clock;
    private final ControlAudit audit;

    public QuotaService(Clock clock, ControlAudit audit) {
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public void acquire(String tenant) {
        Counter counter = tenant == null ? null : byTenant.get(tenant);
        if (counter == null) {
            return;
        }
        long retryAfter = counter.tryAcquire(clock.instant());
        if (retryAfter >= 0) {
            MigException refused = new MigException(ErrorCode.MIG_RATE_LIMITED, counter.windowSeconds == null
                    ? "tenant '" + tenant + "' has used all " + counter.max + " invocations of its quota"
                    : "tenant '" + tenant + "' has used its " + counter.max + " invocations per " + counter.windowSeconds + " s")
                    .withDetail("tenant_id", tenant).withDetail("max_invocations", counter.max);
            throw retryAfter > 0 ? refused.withDetail("retry_after_seconds", retryAfter).withDetail("window_seconds", counter.windowSeconds)
                    : refused.withRetryable(false);
        }
    }

    /** Stores or replaces a tenant's quota from {@code {tenant_id, max_invocations, window_seconds?}}. */
    public Quota set(JsonNode body, Operator operator) {
        String tenant = body == null ? null : body.path("tenant_id").asText(null);
        return audit.record("pro.quotas.set", operator, tenant, () -> {
            Limit limit = limit(body);
            Instant now = clock.instant();
            byTenant.compute(tenant, (t, old) -> old == null ? new Counter(limit.max, limit.window, now)
                    : old.replaced(limit.max, limit.window, now));
            return view(tenant, byTenant.get(tenant));
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
        return audit.record("pro.quotas.delete", operator, tenant, () -> tenant != null && byTenant.remove(tenant) != null);
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
        Counter counter = tenant == null ? null : byTenant.get(tenant);
        return counter == null ? Optional.empty() : Optional.of(view(tenant, counter));
    }

    /** Every quota, ordered by tenant. */
    public List<Quota> list() {
        return byTenant.entrySet().stream().map(e -> view(e.getKey(), e.getValue())).toList();
    }

    /** Invocations the tenant may still make now; empty when it has no quota. */
    public Optional<Long> remaining(String tenant) {
        return find(tenant).map(Quota::remaining);
    }

    private Quota view(String tenant, Counter counter) {
        return counter.snapshot(tenant, clock.instant());
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

    /** One tenant's count; every change happens under its lock. */
    private static final class Counter {
        private final long max;
        private final Long windowSeconds;
        private final Instant updatedAt;
        private long used;
        private long windowStart; // epoch second the current window began (windowed quotas)

        Counter(long max, Long windowSeconds, Instant now) {
            this.max = max;
            this.windowSeconds = windowSeconds;
            this.updatedAt = now;
            this.windowStart = windowSeconds == null ? 0 : windowOf(now.getEpochSecond());
        }

        synchronized Counter replaced(long newMax, Long newWindow, Instant now) {
            Counter next = new Counter(newMax, newWindow, now);
            boolean sameKind = java.util.Objects.equals(windowSeconds, newWindow);
            if (sameKind) {
                next.used = used;
                next.windowStart = windowStart;
            }
            return next;
        }

        /** -1 when admitted; else seconds until a retry can succeed (0 = never, for a lifetime cap). */
        synchronized long tryAcquire(Instant now) {
            roll(now);
            if (used >= max) {
                return windowSeconds == null ? 0 : Math.max(1, windowStart + windowSeconds - now.getEpochSecond());
            }
            used++;
            return -1;
        }

        synchronized Quota snapshot(String tenant, Instant now) {
            roll(now);
            String resetsAt = windowSeconds == null ? null : Instant.ofEpochSecond(windowStart + windowSeconds).toString();
            return new Quota(tenant, max, windowSeconds, used, Math.max(0, max - used), resetsAt, updatedAt.toString());
        }

        private void roll(Instant now) {
            if (windowSeconds != null) {
                long current = windowOf(now.getEpochSecond());
                if (current != windowStart) {
                    windowStart = current;
                    used = 0;
                }
            }
        }

        private long windowOf(long epochSecond) {
            return epochSecond - Math.floorMod(epochSecond, windowSeconds);
        }
    }
}
