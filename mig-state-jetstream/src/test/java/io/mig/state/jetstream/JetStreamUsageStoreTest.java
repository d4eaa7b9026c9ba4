package io.mig.state.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.port.out.UsageStore;
import io.mig.core.testing.Await;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the usage store does beyond the contract: increments reach the bucket without a flush. */
class JetStreamUsageStoreTest {
    private static JetStreamServer nats;

    @BeforeAll
    static void startNats() {
        nats = JetStreamServer.start();
    }

    @AfterAll
    static void stopNats() {
        nats.close();
    }

    @Test
    void incrementsAreAppliedEverySecondWithoutAFlush() throws Exception {
        try (StoreInstances<JetStreamUsageStore> instances = new StoreInstances<>(nats, JetStreamUsageStore::new)) {
            JetStreamUsageStore counting = instances.fresh();
            JetStreamUsageStore reading = instances.sibling(counting);
            counting.increment("acme", "a.echo");
            counting.increment("acme", "a.echo");
            Map<UsageStore.Key, Long> expected = Map.of(new UsageStore.Key("acme", "a.echo"), 2L);
            Await.propagated(() -> reading.counts("acme").equals(expected), () -> "the sibling reads " + reading.counts("acme"));
        }
    }
}
