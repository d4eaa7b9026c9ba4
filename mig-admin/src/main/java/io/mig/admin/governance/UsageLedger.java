package io.mig.admin.governance;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mig.core.port.out.InvocationListener;
import io.mig.core.port.out.InvocationOutcome;
import io.mig.core.port.out.UsageStore;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Usage from real invocations (the cloud usage view): every successful INVOKE, on every binding, is
 * counted by tenant and capability. Failed ones (refused, rate limited, provider errors) are not usage.
 * The counts live in a {@link UsageStore}, which several instances may share; the view sums them.
 */
public final class UsageLedger implements InvocationListener {
    private final UsageStore store;
    private final Predicate<String> countsTenant;

    /** @param countsTenant which tenants count (the gateway's own self-check tenant does not) */
    public UsageLedger(Predicate<String> countsTenant) {
        this(countsTenant, UsageStore.inMemory());
    }

    /**
     * @param countsTenant which tenants count (the gateway's own self-check tenant does not)
     * @param store        where the counts live
     */
    public UsageLedger(Predicate<String> countsTenant, UsageStore store) {
        this.countsTenant = countsTenant;
        this.store = store;
    }

    @Override
    public void onOutcome(InvocationOutcome outcome) {
        if (outcome.success() && outcome.tenant() != null && outcome.capability() != null
                && countsTenant.test(outcome.tenant())) {
            store.increment(outcome.tenant(), outcome.capability());
        }
    }

    /**
     * Usage of one tenant, or of all when {@code tenant} is null. This instance's increments are
     * flushed first, so the answer includes every call it has counted.
     */
    public Usage usage(String tenant) {
        store.flush();
        Map<String, Long> byTenant = new TreeMap<>();
        Map<String, Long> byCapability = new TreeMap<>();
        long total = 0;
        for (Map.Entry<UsageStore.Key, Long> entry : store.counts(tenant).entrySet()) {
            UsageStore.Key key = entry.getKey();
            long n = entry.getValue();
            byTenant.merge(key.tenant(), n, Long::sum);
            byCapability.merge(key.capability(), n, Long::sum);
            total += n;
        }
        return new Usage(byTenant, byCapability, total);
    }

    public record Usage(@JsonProperty("tenant_invocations") Map<String, Long> tenantInvocations,
                        @JsonProperty("capability_invocations") Map<String, Long> capabilityInvocations,
                        @JsonProperty("total_invocations") long totalInvocations) {
    }
}
