package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Await;
import io.mig.core.testing.Concurrently;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What every watched store of entries by key does — capabilities, schemas, MCP servers, quota limits
 * (SPEC §10): a write is found at once on the instance that made it and within
 * {@link Await#PROPAGATION} on every other; the store's {@link StoreChanges#watch} tells every
 * instance of every change, once {@code find} answers with it. The port's own contract extends this
 * with adapters to its methods; an implementation's test extends the port's contract.
 *
 * <p>{@link #newStore()} gives a fresh, empty store; {@link #sibling} a second store object over the
 * same state, as a second gateway instance would hold (the in-memory test returns the same object; a
 * network store's test opens a second connection). The cases use both, so the same assertions prove
 * the cross-instance behaviour of a shared store.
 *
 * @param <S> the store port
 * @param <E> its entry
 */
public abstract class KeyedStoreContract<S extends StoreChanges, E> {
    /** A fresh, empty store. */
    protected abstract S newStore();

    /** A second store object sharing {@code store}'s state, as another instance would. */
    protected abstract S sibling(S store);

    /** An entry under {@code key}; different {@code version}s of one key are different entries. */
    protected abstract E entry(String key, int version);

    protected abstract String keyOf(E entry);

    protected abstract void put(S store, E entry);

    protected abstract Optional<E> find(S store, String key);

    protected abstract List<E> list(S store);

    protected abstract boolean remove(S store, String key);

    @Test
    void aWriteIsFoundAtOnceAndReplacesByKey() {
        S store = newStore();
        put(store, entry("beta", 1));
        assertThat(find(store, "beta")).contains(entry("beta", 1));
        put(store, entry("alpha", 1));
        put(store, entry("beta", 2));
        assertThat(find(store, "beta")).as("replaced by key").contains(entry("beta", 2));
        assertThat(list(store)).as("ordered by key").containsExactly(entry("alpha", 1), entry("beta", 2));
        assertThat(find(store, "gamma")).isEmpty();
    }

    @Test
    void removeForgetsAndSaysWhetherThereWasSomething() {
        S store = newStore();
        put(store, entry("alpha", 1));
        put(store, entry("beta", 1));
        assertThat(remove(store, "alpha")).isTrue();
        assertThat(remove(store, "alpha")).isFalse();
        assertThat(remove(store, "never")).isFalse();
        assertThat(find(store, "alpha")).isEmpty();
        assertThat(list(store)).containsExactly(entry("beta", 1));
    }

    @Test
    void aWriteOnTheSiblingIsFoundHereWithinTheBound() {
        S store = newStore();
        S other = sibling(store);
        put(other, entry("alpha", 1));
        Await.propagated(() -> find(store, "alpha").equals(Optional.of(entry("alpha", 1))), "alpha put on the sibling");
        put(other, entry("alpha", 2));
        Await.propagated(() -> find(store, "alpha").equals(Optional.of(entry("alpha", 2))), "alpha replaced on the sibling");
        assertThat(list(store)).containsExactly(entry("alpha", 2));
        remove(other, "alpha");
        Await.propagated(() -> find(store, "alpha").isEmpty(), "alpha removed on the sibling");
        assertThat(list(store)).isEmpty();
    }

    @Test
    void theWatchIsToldOfChangesOnTheSiblingOnceFindAnswersWithThem() throws Exception {
        S store = newStore();
        S other = sibling(store);
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AutoCloseable watch = store.watch(key -> seen.add(new Seen(key, find(store, key))));
        try {
            put(other, entry("alpha", 1));
            Await.propagated(() -> seen.contains(new Seen("alpha", Optional.of(entry("alpha", 1)))),
                    () -> "the put of alpha on the sibling, with find answering it; seen " + seen);
            remove(other, "alpha");
            Await.propagated(() -> !seen.isEmpty() && seen.get(seen.size() - 1).equals(new Seen("alpha", Optional.empty())),
                    () -> "the removal of alpha on the sibling, with find answering it; seen " + seen);
        } finally {
            watch.close();
        }
        assertThat(seen).extracting(Seen::key).containsOnly("alpha");
    }

    @Test
    void theWatchIsToldOfThisInstancesOwnWrites() throws Exception {
        S store = newStore();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AutoCloseable watch = store.watch(seen::add);
        try {
            put(store, entry("alpha", 1));
            Await.propagated(() -> seen.contains("alpha"), "the watch told of this instance's own put");
        } finally {
            watch.close();
        }
    }

    @Test
    void aClosedWatchIsToldNothingMore() throws Exception {
        S store = newStore();
        S other = sibling(store);
        List<String> closedSaw = new CopyOnWriteArrayList<>();
        Set<String> openSaw = ConcurrentHashMap.newKeySet();
        AutoCloseable closed = store.watch(closedSaw::add);
        AutoCloseable open = store.watch(openSaw::add);
        try {
            put(other, entry("before", 1));
            Await.propagated(() -> closedSaw.contains("before") && openSaw.contains("before"), "both watches told of 'before'");
            closed.close();
            put(other, entry("after", 1));
            Await.propagated(() -> openSaw.contains("after"), "the open watch told of 'after'");
        } finally {
            open.close();
        }
        assertThat(closedSaw).doesNotContain("after");
    }

    @Test
    void concurrentWritesOverTwoInstancesAllLand() {
        S store = newStore();
        S other = sibling(store);
        int threads = 8;
        int each = 5;
        Concurrently.run(threads, Duration.ofSeconds(30), t -> {
            for (int i = 0; i < each; i++) {
                put(t % 2 == 0 ? store : other, entry("k" + t + "-" + i, 1));
            }
            return null;
        });
        Set<String> expected = new TreeSet<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < each; i++) {
                expected.add("k" + t + "-" + i);
            }
        }
        List<String> ordered = new ArrayList<>(expected);
        for (S s : List.of(store, other)) {
            Await.propagated(() -> keys(list(s)).equals(ordered), () -> "all " + ordered.size() + " keys on both instances; "
                    + "listed " + keys(list(s)));
        }
    }

    private List<String> keys(List<E> entries) {
        return entries.stream().map(this::keyOf).toList();
    }

    private record Seen(String key, Optional<?> found) {
    }
}
