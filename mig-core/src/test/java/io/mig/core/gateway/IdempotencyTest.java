package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.capability;
import static io.mig.core.gateway.Fixtures.failure;
import static io.mig.core.gateway.Fixtures.invoke;
import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.tenant;
import static io.mig.core.gateway.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SPEC §4.3: results replayed per (tenant, capability, key); concurrent duplicates run the provider once. */
class IdempotencyTest {
    private final Fixtures.Pending pending = new Fixtures.Pending();
    private final MigGateway gateway = MigGateway.builder()
            .capability(capability("acme.slow"), pending)
            .build();

    @AfterEach
    void close() {
        gateway.close();
    }

    private static MessageHeader key(String key) {
        return MessageHeader.empty().withIdempotencyKey(key);
    }

    @Test
    void concurrentDuplicatesShareOneProviderCall() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<InvokeResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            CompletableFuture<InvokeResponse> answer = new CompletableFuture<>();
            answers.add(answer);
            callers.execute(() -> {
                try {
                    start.await();
                    gateway.invoke(tenant("acme"), invoke("acme.slow", payload("q", "same"), key("k-race")))
                            .whenComplete((r, e) -> {
                                if (e != null) {
                                    answer.completeExceptionally(e);
                                } else {
                                    answer.complete(r);
                                }
                            });
                } catch (InterruptedException e) {
                    answer.completeExceptionally(e);
                }
            });
        }
        start.countDown();
        callers.shutdown();
        assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pending.calls()).as("provider calls for 32 concurrent duplicates").isEqualTo(1);
        assertThat(answers).noneMatch(CompletableFuture::isDone);

        pending.futures.get(0).complete(MigJson.object().put("n", 42));
        long replays = 0;
        for (CompletableFuture<InvokeResponse> answer : answers) {
            InvokeResponse response = value(answer);
            assertThat(response.payload().get("n").asInt()).isEqualTo(42);
            if (response.header().meta() != null && response.header().meta().path("idg.idempotent_replay").asBoolean()) {
                replays++;
            }
        }
        assertThat(replays).isEqualTo(31);
    }

    @Test
    void aKeyReusedWithAnotherPayloadIs422() {
        CompletableFuture<InvokeResponse> first = gateway.invoke(tenant("acme"), invoke("acme.slow", payload("q", "1"), key("k1")));
        MigException error = failure(gateway.invoke(tenant("acme"), invoke("acme.slow", payload("q", "2"), key("k1"))));
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
        assertThat(error.reason()).isEqualTo(ErrorReason.IDEMPOTENCY_KEY_REUSED);
        assertThat(error.details().get("reason").asText()).isEqualTo("idempotency_key_reused");
        pending.futures.get(0).complete(MigJson.object());
        value(first);
        // the same payload with its keys in another order is the same payload
        var reordered = MigJson.object().put("b", 2).put("a", 1);
        var original = MigJson.object().put("a", 1).put("b", 2);
        gateway.invoke(tenant("acme"), invoke("acme.slow", original, key("k2")));
        pending.futures.get(1).complete(MigJson.object().put("ok", true));
        assertThat(value(gateway.invoke(tenant("acme"), invoke("acme.slow", reordered, key("k2")))).payload().get("ok")
                .asBoolean()).isTrue();
        assertThat(pending.calls()).isEqualTo(2);
    }

    @Test
    void failuresAreSharedWithWaitersButNotStored() {
        CompletableFuture<InvokeResponse> first = gateway.invoke(tenant("acme"), invoke("acme.slow", payload("q", "x"), key("k-fail")));
        CompletableFuture<InvokeResponse> waiter = gateway.invoke(tenant("acme"), invoke("acme.slow", payload("q", "x"), key("k-fail")));
        pending.futures.get(0).completeExceptionally(MigException.unavailable("upstream down"));
        assertThat(failure(first).code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
        assertThat(failure(waiter).code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
        CompletableFuture<InvokeResponse> retry = gateway.invoke(tenant("acme"), invoke("acme.slow", payload("q", "x"), key("k-fail")));
        assertThat(pending.calls()).as("the retry runs again").isEqualTo(2);
        pending.futures.get(1).complete(MigJson.object().put("second", true));
        assertThat(value(retry).payload().get("second").asBoolean()).isTrue();
    }

    @Test
    void keysAreScopedByTenantAndCapability() {
        gateway.invoke(tenant("acme"), invoke("acme.slow", payload("q", "x"), key("shared")));
        gateway.invoke(tenant("other"), invoke("acme.slow", payload("q", "y"), key("shared")));
        assertThat(pending.calls()).isEqualTo(2);
        pending.futures.forEach(f -> f.complete(MigJson.object()));
    }
}
