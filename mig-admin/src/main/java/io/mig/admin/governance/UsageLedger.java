package io.mig.admin.governance;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mig.core.port.out.InvocationListener;
import io.mig.core.port.out.InvocationOutcome;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Usage from real invocations (the cloud usage view): every successful INVOKE, on every binding, is
 * counted by tenant and capability. Failed ones (refused, rate limited, provider errors) are not usage.
 */
public final class UsageLedger implements InvocationListener {
    private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final Predicate<String> countsTenant;

    /** @param countsTenant which tenants count (the gateway's own self-check tenant does not) */
    public UsageLedger(Predicate<String> countsTenant) {
        this.countsTenant = countsTenant;
    }

    @Override
    public void onOutcome(InvocationOutcome outcome) {
        if (outcome.success() && outcome.tenant() != null && outcome.capability() != null
                && countsTenant.test(outcome.tenant())) {
            counts.computeIfAbsent(new Key(outcome.tenant(), outcome.capability()), k -> new LongAdder()).increment();
        }
    }

    /** Usage of one tenant, or of all when {@code tenant} is null. */
    public Usage usage(String tenant) {
        Map<String, Long> byTenant = new TreeMap<>();
        Map<String, Long> byCapability = new TreeMap<>();
        long total = 0;
        for (Map.Entry<Key, LongAdder> entry : counts.entrySet()) {
            Key key = entry.getKey();
            if (tenant != null && !tenant.equals(key.tenant())) {
                continue;
            }
            long n = entry.getValue().sum();
            byTenant.merge(key.tenant(), n, Long::sum);
            byCapability.merge(key.capability(), n, Long::sum);
            total += n;
        }
        return new Usage(byTenant, byCapability, total);
    }

    private record Key(String tenant, String capability) {
    }

    public record Usage(@JsonProperty("tenant_invocations") Map<String, Long> tenantInvocations,
                        @JsonProperty("capability_invocations") Map<String, Long> capabilityInvocations,
                        @JsonProperty("total_invocations") long totalInvocations) {
    }
}
