package io.mig.state.jetstream;

import io.mig.core.port.out.UsageStore;
import io.mig.core.testing.Await;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the usage store does beyond the contract: increments reach the bucket without a flush. */
class JetStreamUsageStoreTest {
    @RegisterExtension
    static final StoreInstances<JetStreamUsageStore> INSTANCES = new StoreInstances<>(JetStreamUsageStore::new);

    @Test
    void incrementsAreAppliedEverySecondWithoutAFlush() {
        JetStreamUsageStore counting = INSTANCES.fresh();
        JetStreamUsageStore reading = INSTANCES.sibling(counting);
        counting.increment("acme", "a.echo");
        counting.increment("acme", "a.echo");
        Map<UsageStore.Key, Long> expected = Map.of(new UsageStore.Key("acme", "a.echo"), 2L);
        Await.propagated(() -> reading.counts("acme").equals(expected), () -> "the sibling reads " + reading.counts("acme"));
    }
}
