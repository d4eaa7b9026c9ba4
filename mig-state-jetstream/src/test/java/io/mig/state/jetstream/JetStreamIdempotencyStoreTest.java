package io.mig.state.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.IdempotencyStore;
import io.mig.core.port.out.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only a shared store shows: an instance that stops mid-call, an outage, failures across instances. */
class JetStreamIdempotencyStoreTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static JetStreamServer nats;

    @BeforeAll
    static void start() {
        nats = JetStreamServer.start();
    }

    @AfterAll
    static void stop() {
        nats.close();
    }

    private static JetStreamIdempotencyStore.Options fresh() {
        return JetStreamIdempotencyStore.Options.defaults().withPrefix("T" + BUCKETS.incrementAndGet());
    }

    private static IdempotencyStore.Key key(String k) {
        return new IdempotencyStore.Key("acme", "a.echo", k);
    }

    private static InvokeResponse response(String result) {
        return new InvokeResponse(MessageHeader.forTenant("acme"), "a.echo", MigJson.object().put("result", result), null);
    }

    @Test
    void the_claim_of_an_instance_that_stopped_is_taken_over_after_its_expiry() throws Exception {
        JetStreamIdempotencyStore.Options options = fresh().withClaimTimeout(Duration.ofMillis(500));
        JetStreamIdempotencyStore dead = new JetStreamIdempotencyStore(nats.connect(), options);
        JetStreamIdempotencyStore alive = new JetStreamIdempotencyStore(nats.connect(), options);
        assertThat(dead.claim(key("k"), "fp-1").owner()).isTrue();
        dead.close(); // never completes: as if its instance had stopped mid-call

        IdempotencyStore.Claim waiting = alive.claim(key("k"), "fp-1");
        assertThat(waiting.owner()).as("the claim still runs, as far as anyone knows").isFalse();
        assertThatThrownBy(() -> waiting.result().get(10, TimeUnit.SECONDS))
                .as("the duplicate gives up at the claim's expiry instead of waiting for ever")
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE));

        IdempotencyStore.Claim takeover = alive.claim(key("k"), "fp-2");
        assertThat(takeover.owner()).as("past its expiry the key is taken over").isTrue();
        alive.complete(key("k"), response("second"));
        assertThat(alive.claim(key("k"), "fp-2").result().get(5, TimeUnit.SECONDS)).isEqualTo(response("second"));
        alive.close();
    }

    @Test
    void a_failure_reaches_the_duplicates_on_the_other_instance_with_its_code_and_status() throws Exception {
        JetStreamIdempotencyStore.Options options = fresh();
        JetStreamIdempotencyStore a = new JetStreamIdempotencyStore(nats.connect(), options);
        JetStreamIdempotencyStore b = new JetStreamIdempotencyStore(nats.connect(), options);
        assertThat(a.claim(key("f"), "fp").owner()).isTrue();
        IdempotencyStore.Claim duplicate = b.claim(key("f"), "fp");
        assertThat(duplicate.owner()).isFalse();
        a.fail(key("f"), MigException.invalid("payload too large").withReason(ErrorReason.TOO_LARGE).withDetail("max_payload_bytes", 10));
        assertThatThrownBy(() -> duplicate.result().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
                    assertThat(e.reason()).isEqualTo(ErrorReason.TOO_LARGE);
                    assertThat(e.details().get("max_payload_bytes").asInt()).isEqualTo(10);
                });
        a.close();
        b.close();
    }

    @Test
    void a_full_bucket_means_calls_run_without_deduplication_never_an_error() throws Exception {
        List<String> hits = new CopyOnWriteArrayList<>();
        GatewayMetrics metrics = new GatewayMetrics() {
            @Override
            public void boundHit(String bound) {
                hits.add(bound);
            }
        };
        JetStreamIdempotencyStore store = new JetStreamIdempotencyStore(nats.connect(), fresh().withMaxBytes(16 * 1024),
                Clock.systemUTC(), metrics);
        int stored = 0;
        while (hits.isEmpty() && stored < 1_000) {
            IdempotencyStore.Claim claim = store.claim(key("fill-" + stored), "fp");
            assertThat(claim.owner()).isTrue();
            store.complete(key("fill-" + stored), response("r".repeat(200)));
            stored++;
        }
        assertThat(hits).as("16 KiB fill up").contains("idempotency_bytes");
        IdempotencyStore.Claim unstored = store.claim(key("one-more"), "fp");
        assertThat(unstored.owner()).isTrue();
        store.complete(key("one-more"), response("ran"));
        assertThat(unstored.result().get(5, TimeUnit.SECONDS)).isEqualTo(response("ran"));
        // the newest results stay (the server makes room by dropping the oldest, as the in-memory store does)
        assertThat(store.claim(key("fill-" + (stored - 2)), "fp").owner()).as("a recent result is still replayed").isFalse();
        store.close();
    }

    @Test
    void nats_down_means_unavailable_quickly_and_the_same_store_works_again_after() throws Exception {
        JetStreamIdempotencyStore.Options options = fresh();
        JetStreamIdempotencyStore store = new JetStreamIdempotencyStore(nats.connect(), options);
        store.claim(key("before"), "fp");
        store.complete(key("before"), response("kept"));
        nats.stop();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.claim(key("during"), "fp"))
                    .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(store.usable()).isFalse();
        } finally {
            nats.restart();
        }
        IdempotencyStore.Claim replay = awaitClaim(store, key("before"));
        assertThat(replay.owner()).as("what was stored before the outage is still there").isFalse();
        assertThat(replay.result().get(5, TimeUnit.SECONDS)).isEqualTo(response("kept"));
        assertThat(store.claim(key("after"), "fp").owner()).isTrue();
        assertThat(store.usable()).isTrue();
        store.close();
    }

    private static IdempotencyStore.Claim awaitClaim(IdempotencyStore store, IdempotencyStore.Key key) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return store.claim(key, "fp");
            } catch (MigException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
                if (System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
