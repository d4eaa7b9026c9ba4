package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.testing.Concurrently;
import io.mig.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IdempotencyStore} does (SPEC §4.3, §10): of any number of claims of one key, on
 * any number of instances, exactly one owns it; every other gets the owner's result when it
 * completes — or its failure, after which the key is free again — and the fingerprint of the first
 * call; a stored result is replayed for {@link #TTL} and forgotten after it.
 *
 * <p>{@link #newStore()} gives a fresh, empty store whose results live for {@link #TTL}, reading the
 * time from {@link #clock} where the store accepts a clock; {@link #sibling} a second store object
 * over the same state (the in-memory test returns the same one).
 */
public abstract class IdempotencyStoreContract {
    /** How long the store under test keeps a result. */
    protected static final Duration TTL = Duration.ofHours(1);

    /** How long a duplicate may take to learn the owner's outcome on another instance. */
    private static final long RESULT_WAIT_SECONDS = 5;

    /** The time the store under test reads, when it accepts a clock. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    protected abstract IdempotencyStore newStore();

    protected abstract IdempotencyStore sibling(IdempotencyStore store);

    /**
     * Whether the store reads {@link #clock}. A store whose expiry runs on another clock (a server's)
     * overrides this with false, saying why in a comment; the TTL case is then skipped.
     */
    protected boolean followsTestClock() {
        return true;
    }

    private static IdempotencyStore.Key key(String idempotencyKey) {
        return new IdempotencyStore.Key("acme", "a.echo", idempotencyKey);
    }

    private static InvokeResponse response(String result) {
        MessageHeader header = MessageHeader.forTenant("acme").withMessageId("msg-" + result)
                .withMeta(MigJson.object().put("k", result));
        return new InvokeResponse(header, "a.echo", MigJson.object().put("result", result).put("n", 7), "urn:out");
    }

    private static InvokeResponse await(IdempotencyStore.Claim claim) throws Exception {
        return claim.result().get(RESULT_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void theFirstClaimOwnsAndADuplicateWaitsForItsResult() throws Exception {
        IdempotencyStore store = newStore();
        IdempotencyStore.Claim first = store.claim(key("k1"), "fp-1");
        assertThat(first.owner()).isTrue();
        assertThat(first.fingerprint()).isEqualTo("fp-1");
        IdempotencyStore.Claim duplicate = sibling(store).claim(key("k1"), "fp-other");
        assertThat(duplicate.owner()).isFalse();
        assertThat(duplicate.fingerprint()).as("the first call's fingerprint").isEqualTo("fp-1");
        assertThat(duplicate.result()).isNotDone();
        store.complete(key("k1"), response("one"));
        assertThat(await(duplicate)).isEqualTo(response("one"));
    }

    @Test
    void aCompletedResultIsReplayedOnEveryInstance() throws Exception {
        IdempotencyStore store = newStore();
        store.claim(key("k1"), "fp-1");
        store.complete(key("k1"), response("one"));
        for (IdempotencyStore s : List.of(store, sibling(store))) {
            IdempotencyStore.Claim again = s.claim(key("k1"), "fp-1");
            assertThat(again.owner()).isFalse();
            assertThat(again.fingerprint()).isEqualTo("fp-1");
            assertThat(await(again)).isEqualTo(response("one"));
        }
    }

    @Test
    void duplicateClaimsRacingOverTwoInstancesHaveExactlyOneOwner() throws Exception {
        IdempotencyStore store = newStore();
        IdempotencyStore other = sibling(store);
        int threads = 8;
        List<IdempotencyStore.Claim> claims = Concurrently.run(threads, Duration.ofSeconds(30),
                t -> (t % 2 == 0 ? store : other).claim(key("race"), "fp-" + t));
        List<Integer> owners = java.util.stream.IntStream.range(0, threads).filter(i -> claims.get(i).owner()).boxed().toList();
        assertThat(owners).as("owners among %d racing claims", threads).hasSize(1);
        int owner = owners.get(0);
        assertThat(claims).extracting(IdempotencyStore.Claim::fingerprint).as("every claim sees the owner's fingerprint")
                .containsOnly("fp-" + owner);
        (owner % 2 == 0 ? store : other).complete(key("race"), response("raced"));
        for (IdempotencyStore.Claim claim : claims) {
            assertThat(await(claim)).isEqualTo(response("raced"));
        }
    }

    @Test
    void aFailureReachesTheWaitingDuplicatesAndFreesTheKey() throws Exception {
        IdempotencyStore store = newStore();
        IdempotencyStore other = sibling(store);
        IdempotencyStore.Claim first = store.claim(key("k1"), "fp-1");
        IdempotencyStore.Claim duplicate = other.claim(key("k1"), "fp-1");
        assertThat(first.owner()).isTrue();
        assertThat(duplicate.owner()).isFalse();
        store.fail(key("k1"), MigException.unavailable("upstream down"));
        assertThatThrownBy(() -> await(duplicate)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("upstream down");
                });
        IdempotencyStore.Claim retry = other.claim(key("k1"), "fp-2");
        assertThat(retry.owner()).as("failures are not stored: the next call runs again").isTrue();
        assertThat(retry.fingerprint()).isEqualTo("fp-2");
    }

    @Test
    void keysDifferingInAnyPartAreIndependent() {
        IdempotencyStore store = newStore();
        List<IdempotencyStore.Key> keys = List.of(new IdempotencyStore.Key("acme", "a.echo", "k"),
                new IdempotencyStore.Key("beta", "a.echo", "k"), new IdempotencyStore.Key("acme", "b.echo", "k"),
                new IdempotencyStore.Key("acme", "a.echo", "k2"), new IdempotencyStore.Key("acme", "a.echo", "k/x y:z.w"));
        for (IdempotencyStore.Key k : keys) {
            assertThat(store.claim(k, "fp").owner()).as("first claim of %s", k).isTrue();
        }
    }

    @Test
    void aStoredResultIsForgottenAfterItsTtl() throws Exception {
        assumeTrue(followsTestClock(), "the store's expiry does not follow the test's clock");
        IdempotencyStore store = newStore();
        store.claim(key("k1"), "fp-1");
        store.complete(key("k1"), response("one"));
        clock.advance(TTL.minusSeconds(1));
        IdempotencyStore.Claim replay = store.claim(key("k1"), "fp-1");
        assertThat(replay.owner()).isFalse();
        assertThat(await(replay)).isEqualTo(response("one"));
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.claim(key("k1"), "fp-2").owner()).as("expired: the next call runs again").isTrue();
    }
}
