package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Await;
import io.mig.core.testing.Concurrently;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link QuotaStore} does: the watched-store cases of {@link KeyedStoreContract} over
 * limits, and exact counting — {@code tryAcquire} from many threads over two instances never admits
 * more than the limit in a window, windows count apart, a same-kind replacement keeps the count,
 * any other replacement and a removal start it again.
 */
public abstract class QuotaStoreContract extends KeyedStoreContract<QuotaStore, QuotaLimit> {
    private static final long MINUTE = 60;

    private static QuotaLimit windowed(String tenant, long max, long windowSeconds) {
        return new QuotaLimit(tenant, max, windowSeconds, "2026-01-01T00:00:00Z");
    }

    private static QuotaLimit lifetime(String tenant, long max) {
        return new QuotaLimit(tenant, max, null, "2026-01-01T00:00:00Z");
    }

    @Override
    protected QuotaLimit entry(String tenant, int version) {
        return version % 2 == 0 ? lifetime(tenant, 10L * version)
                : new QuotaLimit(tenant, 10L * version, MINUTE * version, "2026-01-01T00:00:0" + (version % 10) + "Z");
    }

    @Override
    protected String keyOf(QuotaLimit entry) {
        return entry.tenant();
    }

    @Override
    protected void put(QuotaStore store, QuotaLimit entry) {
        store.put(entry);
    }

    @Override
    protected Optional<QuotaLimit> find(QuotaStore store, String key) {
        return store.find(key);
    }

    @Override
    protected List<QuotaLimit> list(QuotaStore store) {
        return store.list();
    }

    @Override
    protected boolean remove(QuotaStore store, String key) {
        return store.remove(key);
    }

    @Test
    void racingCallersOverTwoInstancesAreAdmittedExactlyUpToTheLimit() {
        QuotaStore store = newStore();
        QuotaStore other = sibling(store);
        QuotaLimit limit = windowed("acme", 25, MINUTE);
        store.put(limit);
        long window = limit.windowStart(1_767_225_600L);
        int threads = 8;
        int attempts = 10;
        List<Integer> admitted = Concurrently.run(threads, Duration.ofSeconds(60), t -> {
            QuotaStore mine = t % 2 == 0 ? store : other;
            int ok = 0;
            for (int i = 0; i < attempts; i++) {
                if (mine.tryAcquire(limit, window)) {
                    ok++;
                }
            }
            return ok;
        });
        assertThat(admitted.stream().mapToInt(Integer::intValue).sum()).as("admitted of %d attempts", threads * attempts)
                .isEqualTo(25);
        assertThat(store.used(limit, window)).isEqualTo(25);
        assertThat(other.used(limit, window)).isEqualTo(25);
        assertThat(other.tryAcquire(limit, window)).isFalse();
    }

    @Test
    void aLifetimeLimitCountsInWindowZero() {
        QuotaStore store = newStore();
        QuotaLimit limit = lifetime("acme", 2);
        store.put(limit);
        assertThat(store.used(limit, 0)).isZero();
        assertThat(store.tryAcquire(limit, 0)).isTrue();
        assertThat(sibling(store).tryAcquire(limit, 0)).isTrue();
        assertThat(store.tryAcquire(limit, 0)).isFalse();
        assertThat(store.used(limit, 0)).isEqualTo(2);
    }

    @Test
    void aLimitOfZeroAdmitsNothing() {
        QuotaStore store = newStore();
        QuotaLimit limit = lifetime("acme", 0);
        store.put(limit);
        assertThat(store.tryAcquire(limit, 0)).isFalse();
        assertThat(store.used(limit, 0)).isZero();
    }

    @Test
    void windowsAndTenantsCountApart() {
        QuotaStore store = newStore();
        QuotaStore other = sibling(store);
        QuotaLimit acme = windowed("acme", 2, MINUTE);
        QuotaLimit beta = windowed("beta", 2, MINUTE);
        store.put(acme);
        store.put(beta);
        assertThat(store.tryAcquire(acme, 0)).isTrue();
        assertThat(other.tryAcquire(acme, 0)).isTrue();
        assertThat(store.tryAcquire(acme, 0)).isFalse();
        assertThat(other.tryAcquire(acme, MINUTE)).as("the next window starts from 0").isTrue();
        assertThat(store.used(acme, MINUTE)).isEqualTo(1);
        assertThat(store.tryAcquire(beta, 0)).as("another tenant's count").isTrue();
        assertThat(store.used(beta, 0)).isEqualTo(1);
        assertThat(store.used(acme, 0)).isEqualTo(2);
    }

    @Test
    void aReplacementOfTheSameKindKeepsTheCount() {
        QuotaStore store = newStore();
        QuotaStore other = sibling(store);
        QuotaLimit three = windowed("acme", 3, MINUTE);
        store.put(three);
        assertThat(store.tryAcquire(three, 0)).isTrue();
        assertThat(store.tryAcquire(three, 0)).isTrue();
        QuotaLimit five = windowed("acme", 5, MINUTE);
        other.put(five);
        assertThat(other.used(five, 0)).isEqualTo(2);
        int admitted = 0;
        while (other.tryAcquire(five, 0)) {
            admitted++;
        }
        assertThat(admitted).as("raising the cap frees room, it does not forgive usage").isEqualTo(3);

        QuotaLimit life = lifetime("beta", 4);
        store.put(life);
        store.tryAcquire(life, 0);
        other.put(lifetime("beta", 1));
        assertThat(store.tryAcquire(lifetime("beta", 1), 0)).as("a lower lifetime cap already used up").isFalse();
    }

    @Test
    void aReplacementOfAnotherKindStartsCountingAgain() {
        QuotaStore store = newStore();
        QuotaStore other = sibling(store);
        QuotaLimit life = lifetime("acme", 2);
        store.put(life);
        store.tryAcquire(life, 0);
        store.tryAcquire(life, 0);
        QuotaLimit minute = windowed("acme", 2, MINUTE);
        other.put(minute);
        assertThat(store.used(minute, 0)).isZero();
        assertThat(store.tryAcquire(minute, 0)).isTrue();
        QuotaLimit hour = windowed("acme", 2, 3_600);
        other.put(hour);
        assertThat(store.used(hour, 0)).as("another window length is another kind").isZero();
        QuotaLimit lifeAgain = lifetime("acme", 2);
        store.put(lifeAgain);
        assertThat(store.used(lifeAgain, 0)).isZero();
        assertThat(store.tryAcquire(lifeAgain, 0)).isTrue();
    }

    @Test
    void removalClearsTheCounts() {
        QuotaStore store = newStore();
        QuotaStore other = sibling(store);
        QuotaLimit limit = lifetime("acme", 1);
        store.put(limit);
        assertThat(store.tryAcquire(limit, 0)).isTrue();
        assertThat(other.remove("acme")).isTrue();
        Await.propagated(() -> store.find("acme").isEmpty(), "the removal on the sibling");
        store.put(limit);
        assertThat(store.used(limit, 0)).isZero();
        assertThat(other.tryAcquire(limit, 0)).isTrue();
    }
}
