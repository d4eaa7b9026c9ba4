package io.mig.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeResponse;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.IdempotencyStore;
import io.mig.core.testing.MutableClock;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idempotency results are bounded per tenant and overall, in entries and bytes; the TTL frees memory by itself. */
class InMemoryIdempotencyStoreBoundsTest {
    private final List<String> hits = new ArrayList<>();
    private final GatewayMetrics metrics = new GatewayMetrics() {
        @Override
        public void boundHit(String bound) {
            hits.add(bound);
        }
    };
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private InMemoryIdempotencyStore store(int entries, long bytes, int entriesPerTenant, long bytesPerTenant) {
        return new InMemoryIdempotencyStore(Duration.ofHours(1),
                new InMemoryIdempotencyStore.Bounds(entries, bytes, entriesPerTenant, bytesPerTenant), clock, metrics);
    }

    private static IdempotencyStore.Key key(String tenant, String key) {
        return new IdempotencyStore.Key(tenant, "cap", key);
    }

    private static boolean run(InMemoryIdempotencyStore store, String tenant, String key, int resultChars) {
        IdempotencyStore.Claim claim = store.claim(key(tenant, key), "fp");
        if (claim.owner()) {
            store.complete(key(tenant, key), new InvokeResponse(null, "cap",
                    MigJson.object().put("r", "x".repeat(resultChars)), null));
        }
        return claim.owner();
    }

    @Test
    void oneTenantsChurnDoesNotEvictAnotherTenantsResult() {
        InMemoryIdempotencyStore store = store(1_000, Long.MAX_VALUE, 100, Long.MAX_VALUE);
        assertThat(run(store, "acme", "payment", 10)).isTrue();
        for (int i = 0; i < 5_000; i++) {
            run(store, "beta", "k" + i, 10);
        }
        assertThat(store.size("beta")).isEqualTo(100);
        assertThat(run(store, "acme", "payment", 10)).as("acme's retry is a replay, not a second run").isFalse();
        assertThat(hits).contains("idempotency_entries_per_tenant").doesNotContain("idempotency_entries");
    }

    @Test
    void largeResultsAreBoundedInBytesPerTenantAndOverall() {
        InMemoryIdempotencyStore store = store(100_000, 3_000_000, 100_000, 2_000_000);
        for (int i = 0; i < 500; i++) {
            run(store, "beta", "k" + i, 900_000);
        }
        assertThat(store.bytes()).isLessThanOrEqualTo(2_000_000);
        run(store, "acme", "a", 900_000);
        for (int i = 0; i < 10; i++) {
            run(store, "gamma", "g" + i, 900_000);
        }
        assertThat(store.bytes()).isLessThanOrEqualTo(3_000_000);
        assertThat(store.size("acme")).as("the lightest tenant keeps its result").isEqualTo(1);
        assertThat(hits).contains("idempotency_bytes_per_tenant", "idempotency_bytes");
    }

    @Test
    void aResultLargerThanTheTenantBoundIsNotStored() {
        InMemoryIdempotencyStore store = store(100, Long.MAX_VALUE, 100, 1_000);
        assertThat(run(store, "acme", "k", 5_000)).isTrue();
        assertThat(store.size()).isZero();
        assertThat(run(store, "acme", "k", 5_000)).isTrue();
    }

    @Test
    void expiredResultsAreSweptWithoutWaitingForABound() {
        InMemoryIdempotencyStore store = store(100_000, Long.MAX_VALUE, 100_000, Long.MAX_VALUE);
        for (int i = 0; i < 50; i++) {
            run(store, "acme", "k" + i, 1_000);
        }
        assertThat(store.size()).isEqualTo(50);
        clock.advance(Duration.ofHours(2));
        run(store, "beta", "other", 1);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.bytes()).isLessThan(2_000);
    }

    @Test
    void aRunningClaimIsNeverEvicted() {
        InMemoryIdempotencyStore store = store(100, Long.MAX_VALUE, 2, Long.MAX_VALUE);
        IdempotencyStore.Claim running = store.claim(key("acme", "slow"), "fp");
        for (int i = 0; i < 10; i++) {
            run(store, "acme", "k" + i, 1);
        }
        assertThat(store.claim(key("acme", "slow"), "fp").result()).isSameAs(running.result());
    }

    /**
     * The byte bounds count JSON; the store must hold JSON too, not the result's tree (some 25 times
     * larger for a result of empty objects: the resource-exhaustion suite's idempotent-node-bombs
     * filled a 256 MiB heap under a 32 MiB bound). The completed tree must become garbage while a
     * duplicate still gets an equal result.
     */
    @Test
    void aStoredResultKeepsItsJsonNotItsTree() throws Exception {
        InMemoryIdempotencyStore store = store(100, Long.MAX_VALUE, 100, Long.MAX_VALUE);
        assertThat(store.claim(key("acme", "k"), "fp").owner()).isTrue();
        ObjectNode result = MigJson.object();
        result.putArray("blob").addObject().put("n", 1);
        String answered = result.toString();
        WeakReference<ObjectNode> tree = new WeakReference<>(result);
        store.complete(key("acme", "k"), new InvokeResponse(null, "cap", result, null));
        result = null;
        for (int i = 0; i < 10 && tree.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(tree.get()).as("the result's tree is no longer referenced by the store").isNull();
        IdempotencyStore.Claim duplicate = store.claim(key("acme", "k"), "fp");
        assertThat(duplicate.owner()).isFalse();
        assertThat(duplicate.result().get().payload().toString()).isEqualTo(answered);
    }
}
