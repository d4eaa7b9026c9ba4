package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mig.core.testing.Await;
import io.mig.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CancellationStore} does (SPEC §4.7, §10): a recorded cancellation is found, in
 * its tenant only, on this instance at once and on every other within the bound; it expires after
 * {@link #TTL}; and every instance's watch is told of it, so the one running the invocation aborts it.
 *
 * <p>{@link #newStore()} gives a fresh, empty store whose records live for {@link #TTL}, reading the
 * time from {@link #clock} where the store accepts a clock; {@link #sibling} a second store object
 * over the same state (the in-memory test returns the same one).
 */
public abstract class CancellationStoreContract {
    /** How long the store under test keeps a record (SPEC §4.7). */
    protected static final Duration TTL = Duration.ofMinutes(10);

    /** The time the store under test reads, when it accepts a clock. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    protected abstract CancellationStore newStore();

    protected abstract CancellationStore sibling(CancellationStore store);

    /**
     * Whether the store reads {@link #clock}. A store whose expiry runs on another clock (a server's)
     * overrides this with false, saying why in a comment; the expiry case is then skipped.
     */
    protected boolean followsTestClock() {
        return true;
    }

    @Test
    void aRecordIsFoundInItsTenantOnly() {
        CancellationStore store = newStore();
        store.record("acme", "msg-1", "user pressed stop");
        store.record("acme", "msg-2", null);
        assertThat(store.find("acme", "msg-1")).contains("user pressed stop");
        assertThat(store.find("acme", "msg-2")).as("no reason is an empty one").contains("");
        assertThat(store.find("beta", "msg-1")).isEmpty();
        assertThat(store.find("acme", "msg-3")).isEmpty();
    }

    @Test
    void idsWithAnyCharactersAreKeptApart() {
        CancellationStore store = newStore();
        store.record("acme", "a.b", "dot");
        store.record("acme", "a b/c:d", "odd");
        assertThat(store.find("acme", "a.b")).contains("dot");
        assertThat(store.find("acme", "a b/c:d")).contains("odd");
        assertThat(store.find("acme", "a")).isEmpty();
        assertThat(store.find("acme.a", "b")).isEmpty();
    }

    @Test
    void aRecordOnTheSiblingIsFoundHereWithinTheBound() {
        CancellationStore store = newStore();
        sibling(store).record("acme", "msg-1", "elsewhere");
        Await.propagated(() -> store.find("acme", "msg-1").isPresent(), "the cancellation recorded on the sibling");
        assertThat(store.find("acme", "msg-1")).contains("elsewhere");
    }

    @Test
    void theWatchIsToldOfRecordsOnTheSiblingAndOfItsOwn() throws Exception {
        CancellationStore store = newStore();
        CancellationStore other = sibling(store);
        List<String> told = new CopyOnWriteArrayList<>();
        AutoCloseable watch = store.watch((tenant, id, reason) -> told.add(tenant + "/" + id + "/" + reason));
        try {
            other.record("acme", "msg-1", "stop");
            store.record("beta", "msg-2", null);
            Await.propagated(() -> told.containsAll(List.of("acme/msg-1/stop", "beta/msg-2/")),
                    () -> "both cancellations told; told " + told);
        } finally {
            watch.close();
        }
    }

    @Test
    void aClosedWatchIsToldNothingMore() throws Exception {
        CancellationStore store = newStore();
        CancellationStore other = sibling(store);
        List<String> closedSaw = new CopyOnWriteArrayList<>();
        List<String> openSaw = new CopyOnWriteArrayList<>();
        AutoCloseable closed = store.watch((tenant, id, reason) -> closedSaw.add(id));
        AutoCloseable open = store.watch((tenant, id, reason) -> openSaw.add(id));
        try {
            other.record("acme", "before", "");
            Await.propagated(() -> closedSaw.contains("before") && openSaw.contains("before"), "both watches told of 'before'");
            closed.close();
            other.record("acme", "after", "");
            Await.propagated(() -> openSaw.contains("after"), "the open watch told of 'after'");
        } finally {
            open.close();
        }
        assertThat(closedSaw).doesNotContain("after");
    }

    @Test
    void aRecordExpiresAfterItsTtl() {
        assumeTrue(followsTestClock(), "the store's expiry does not follow the test's clock");
        CancellationStore store = newStore();
        store.record("acme", "msg-1", "stop");
        clock.advance(TTL.minusSeconds(1));
        assertThat(store.find("acme", "msg-1")).contains("stop");
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.find("acme", "msg-1")).isEmpty();
        store.record("acme", "msg-1", "again");
        assertThat(store.find("acme", "msg-1")).as("recorded anew after expiry").contains("again");
    }
}
