package io.mig.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.spi.ProviderOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The bulkhead and the timeout bound apply to in-process providers exactly as to HTTP ones. */
class InProcessProviderLimitsTest {
    private static final CallContext CALL = CallContext.of(Binding.HTTP, Credentials.tenant("acme"));

    private static CapabilityDescriptor descriptor(String id) {
        return new CapabilityDescriptor(id, "1.0.0", null, "schema://in", "schema://out", null, null, null, null);
    }

    private static InvokeRequest request(String id) {
        return new InvokeRequest(MessageHeader.forTenant("acme"), id, MigJson.object(), null);
    }

    @Test
    void fullBulkheadRefusesAndReleasesWhenCallsEnd() {
        List<CompletableFuture<ObjectNode>> pending = new CopyOnWriteArrayList<>();
        try (MigGateway gateway = MigGateway.builder()
                .capability(descriptor("acme.local.held"), context -> {
                    CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
                    pending.add(answer);
                    return answer;
                }, ProviderOptions.DEFAULTS.withMaxConcurrency(1))
                .build()) {
            CompletableFuture<?> first = gateway.invoke(CALL, request("acme.local.held"));
            assertThatThrownBy(() -> gateway.invoke(CALL, request("acme.local.held")).join())
                    .hasCauseInstanceOf(MigException.class)
                    .satisfies(e -> {
                        MigException mig = (MigException) e.getCause();
                        assertThat(mig.code()).isEqualTo(ErrorCode.MIG_BACKPRESSURE);
                        assertThat(mig.details().path("max_concurrency").asInt()).isEqualTo(1);
                    });
            assertThatThrownBy(() -> gateway.stream(CALL, new InvokeRequest(MessageHeader.forTenant("acme"),
                    "acme.local.held", MigJson.object(), StreamPreference.SERVER_STREAM), null).join())
                    .as("a stream is refused before it opens").hasCauseInstanceOf(MigException.class);
            assertThat(pending).as("refused calls never reached the provider").hasSize(1);

            pending.get(0).complete(MigJson.object().put("done", true));
            assertThat(first.join()).isNotNull();
            gateway.invoke(CALL, request("acme.local.held"));
            assertThat(pending).as("the place was given back").hasSize(2);
        }
    }

    @Test
    void timeoutBoundEndsTheCallAndTheProviderSeesTheCancellationAndItsBudget() throws Exception {
        AtomicReference<Long> budgetAtCall = new AtomicReference<>();
        CompletableFuture<String> cancelReason = new CompletableFuture<>();
        try (MigGateway gateway = MigGateway.builder()
                .capability(descriptor("acme.local.slow"), context -> {
                    budgetAtCall.set(context.remaining().toMillis());
                    context.cancellation().onCancel(() -> cancelReason.complete(context.cancellation().reason().orElse("")));
                    return new CompletableFuture<>();
                }, ProviderOptions.DEFAULTS.withTimeout(Duration.ofMillis(200)))
                .build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> gateway.invoke(CALL, request("acme.local.slow")).join())
                    .isInstanceOf(CompletionException.class)
                    .satisfies(e -> {
                        MigException mig = (MigException) e.getCause();
                        assertThat(mig.code()).isEqualTo(ErrorCode.MIG_TIMEOUT);
                        assertThat(mig.retryable()).isTrue();
                        assertThat(mig.details().path("timeout_ms").asLong()).isEqualTo(200);
                    });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 2_000L);
            assertThat(cancelReason.get(2, TimeUnit.SECONDS)).isEqualTo("deadline");
            assertThat(budgetAtCall.get()).as("the provider's time left is its timeout, not the 30 s deadline")
                    .isBetween(1L, 200L);
            assertThat(gateway.inFlight()).isZero();
        }
    }

    @Test
    void streamOfAnInProcessProviderEndsWithTheTimeoutFrame() throws Exception {
        try (MigGateway gateway = MigGateway.builder()
                .capability(descriptor("acme.local.silent"), context -> new CompletableFuture<>(),
                        ProviderOptions.DEFAULTS.withTimeout(Duration.ofMillis(150)))
                .build()) {
            var frames = gateway.stream(CALL, new InvokeRequest(MessageHeader.forTenant("acme"), "acme.local.silent",
                    MigJson.object(), StreamPreference.SERVER_STREAM), null).get(1, TimeUnit.SECONDS);
            CompletableFuture<StreamFrame> last = new CompletableFuture<>();
            frames.subscribe(new java.util.concurrent.Flow.Subscriber<>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(StreamFrame item) {
                    last.complete(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    last.completeExceptionally(throwable);
                }

                @Override
                public void onComplete() {
                }
            });
            StreamFrame frame = last.get(3, TimeUnit.SECONDS);
            assertThat(frame.error().code()).isEqualTo(ErrorCode.MIG_TIMEOUT);
            assertThat(frame.error().details().path("timeout_ms").asLong()).isEqualTo(150);
            assertThat(frame.endStream()).isTrue();
        }
    }
}
