package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Await;
import io.mig.core.testing.Concurrently;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageStore} does: counts per {@code (tenant, capability)}, exact once every
 * instance has {@linkplain UsageStore#flush flushed} — however many threads over however many
 * instances counted — and never counted twice. {@link #newStore()} gives a fresh, empty store;
 * {@link #sibling} a second store object over the same state (the in-memory test returns the same one).
 */
public abstract class UsageStoreContract {
    protected abstract UsageStore newStore();

    protected abstract UsageStore sibling(UsageStore store);

    private static UsageStore.Key key(String tenant, String capability) {
        return new UsageStore.Key(tenant, capability);
    }

    @Test
    void countsArePerTenantAndCapability() {
        UsageStore store = newStore();
        store.increment("acme", "a.echo");
        store.increment("acme", "a.echo");
        store.increment("acme", "b.echo");
        store.increment("beta", "a.echo");
        store.flush();
        assertThat(store.counts("acme")).containsOnly(Map.entry(key("acme", "a.echo"), 2L), Map.entry(key("acme", "b.echo"), 1L));
        assertThat(store.counts(null)).containsOnly(Map.entry(key("acme", "a.echo"), 2L), Map.entry(key("acme", "b.echo"), 1L),
                Map.entry(key("beta", "a.echo"), 1L));
        assertThat(store.counts("nobody")).isEmpty();
    }

    @Test
    void aFlushedCountIsIncludedInThisInstancesAnswer() {
        UsageStore store = newStore();
        store.increment("acme", "a.echo");
        store.flush();
        assertThat(store.counts("acme")).containsExactly(Map.entry(key("acme", "a.echo"), 1L));
    }

    @Test
    void concurrentCountsOverTwoInstancesAreExactAfterFlush() {
        UsageStore store = newStore();
        UsageStore other = sibling(store);
        int threads = 8;
        int each = 250;
        Concurrently.run(threads, Duration.ofSeconds(60), t -> {
            UsageStore mine = t % 2 == 0 ? store : other;
            for (int i = 0; i < each; i++) {
                mine.increment(t % 4 == 3 ? "beta" : "acme", i % 2 == 0 ? "a.echo" : "b.echo");
            }
            return null;
        });
        store.flush();
        other.flush();
        // 6 threads of acme, 2 of beta; each splits its increments evenly between the two capabilities
        Map<UsageStore.Key, Long> expected = Map.of(
                key("acme", "a.echo"), 6L * each / 2, key("acme", "b.echo"), 6L * each / 2,
                key("beta", "a.echo"), 2L * each / 2, key("beta", "b.echo"), 2L * each / 2);
        for (UsageStore s : new UsageStore[] {store, other}) {
            Await.propagated(() -> s.counts(null).equals(expected), () -> "exact counts " + expected + "; counted " + s.counts(null));
        }
        assertThat(other.counts("beta")).containsOnly(Map.entry(key("beta", "a.echo"), 250L), Map.entry(key("beta", "b.echo"), 250L));
    }

    @Test
    void flushingTwiceCountsNothingTwice() {
        UsageStore store = newStore();
        store.increment("acme", "a.echo");
        store.flush();
        store.flush();
        sibling(store).flush();
        assertThat(store.counts("acme")).containsExactly(Map.entry(key("acme", "a.echo"), 1L));
    }
}
