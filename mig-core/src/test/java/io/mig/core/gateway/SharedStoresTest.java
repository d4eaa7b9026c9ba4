package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.capability;
import static io.mig.core.gateway.Fixtures.failure;
import static io.mig.core.gateway.Fixtures.invoke;
import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.memory.InMemoryCancellationStore;
import io.mig.core.memory.InMemoryCapabilityStore;
import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.port.out.CancellationStore;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.ProviderFactory;
import io.mig.core.spi.StreamItem;
import io.mig.core.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways sharing one set of stores act as one (SPEC §10): a CANCEL received by one aborts the
 * invocation running on the other, and a capability changed through one drops what the other built
 * from it. The in-memory stores stand in for a shared store here; the JetStream stores pass the same
 * store contracts.
 */
class SharedStoresTest {
    private final CapabilityStore capabilities = new InMemoryCapabilityStore();
    private final CancellationStore cancellations = new InMemoryCancellationStore(Duration.ofMinutes(10), 1_000, Clock.systemUTC());
    private final Fixtures.Pending slow = new Fixtures.Pending();
    private final List<InvocationContext> streamContexts = new CopyOnWriteArrayList<>();
    private final AtomicInteger built = new AtomicInteger();
    private final MigGateway a = shared().build();
    private final MigGateway b = shared()
            .capability(capability("acme.slow"), slow)
            .capability(capability("acme.ticker", InvocationMode.SERVER_STREAM), new CapabilityProvider() {
                @Override
                public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
                    return new CompletableFuture<>();
                }

                @Override
                public Flow.Publisher<StreamItem> stream(InvocationContext context) {
                    streamContexts.add(context);
                    Emitter<StreamItem> emitter = new Emitter<>();
                    emitter.emit(StreamItem.next(payload("tick", "1")));
                    return emitter;
                }
            })
            .build();

    private MigGateway.Builder shared() {
        return MigGateway.builder().capabilityStore(capabilities).cancellationStore(cancellations)
                .providerFactory(new ProviderFactory() {
                    @Override
                    public String type() {
                        return "counted";
                    }

                    @Override
                    public CapabilityProvider create(ObjectNode spec) {
                        built.incrementAndGet();
                        String answer = spec.path("answer").asText();
                        return context -> CompletableFuture.completedFuture(payload("answer", answer));
                    }
                });
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void aCancelSentToOneGatewayAbortsTheCallRunningOnTheOther() {
        MessageHeader header = MessageHeader.empty().withMessageId("msg-far");
        CompletableFuture<InvokeResponse> running = b.invoke(tenant("acme"), invoke("acme.slow", payload("a", "b"), header));
        assertThat(b.inFlight()).isEqualTo(1);

        CancelAck ack = a.cancel(tenant("acme"), new CancelRequest(null, "msg-far", "stopped elsewhere"));

        assertThat(ack.status()).as("not running on the instance that received the CANCEL").isEqualTo("recorded");
        MigException error = failure(running);
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_TIMEOUT);
        assertThat(error.retryable()).isFalse();
        assertThat(error.details().get("cancelled").asBoolean()).isTrue();
        assertThat(error.details().get("reason").asText()).isEqualTo("stopped elsewhere");
        assertThat(slow.contexts.get(0).cancellation().isCancelled()).as("the provider sees the cancellation").isTrue();
        assertThat(slow.futures.get(0).isCancelled()).isTrue();
        assertThat(b.inFlight()).isZero();
    }

    @Test
    void aCancelInAnotherTenantLeavesTheCallRunning() {
        MessageHeader header = MessageHeader.empty().withMessageId("msg-mine");
        CompletableFuture<InvokeResponse> running = b.invoke(tenant("acme"), invoke("acme.slow", payload("a", "b"), header));
        a.cancel(tenant("evil"), new CancelRequest(null, "msg-mine", null));
        assertThat(running).isNotDone();
        assertThat(slow.contexts.get(0).cancellation().isCancelled()).isFalse();
        slow.futures.get(0).complete(payload("done", "yes"));
        assertThat(Fixtures.value(running).payload().get("done").asText()).isEqualTo("yes");
    }

    @Test
    void aCancelOfAStreamIdSentToOneGatewayEndsTheStreamOnTheOther() {
        java.util.concurrent.LinkedBlockingQueue<StreamFrame> frames = Fixtures.collect(Fixtures.value(b.stream(tenant("acme"),
                invoke("acme.ticker", payload("a", "b"), MessageHeader.empty().withMessageId("msg-stream")), "str-far")));
        Await.until(Duration.ofSeconds(5), () -> !frames.isEmpty(), "the first frame");

        a.cancel(tenant("acme"), new CancelRequest(null, "str-far", "enough"));

        Await.until(Duration.ofSeconds(5), () -> b.inFlight() == 0, "the stream on the other gateway ended");
        assertThat(streamContexts.get(0).cancellation().isCancelled()).isTrue();
        List<StreamFrame> received = List.copyOf(frames);
        assertThat(received.get(received.size() - 1).error()).isNotNull()
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_TIMEOUT));
    }

    @Test
    void aCapabilityChangedThroughOneGatewayDropsWhatTheOtherBuiltFromIt() {
        ObjectNode first = MigJson.object().put("type", "counted").put("answer", "one");
        a.register(new CapabilityRegistration(capability("acme.remote"), first));
        assertThat(Fixtures.value(b.invoke(tenant("acme"), invoke("acme.remote", payload("q", "x")))).payload()
                .get("answer").asText()).isEqualTo("one");
        assertThat(b.hasBuiltProvider("acme.remote")).isTrue();

        ObjectNode second = MigJson.object().put("type", "counted").put("answer", "two");
        a.register(new CapabilityRegistration(capability("acme.remote"), second));
        assertThat(b.hasBuiltProvider("acme.remote")).as("the provider built from the old block is dropped").isFalse();
        assertThat(Fixtures.value(b.invoke(tenant("acme"), invoke("acme.remote", payload("q", "x")))).payload()
                .get("answer").asText()).isEqualTo("two");

        a.unregister("acme.remote");
        assertThat(b.hasBuiltProvider("acme.remote")).isFalse();
        assertThat(failure(b.invoke(tenant("acme"), invoke("acme.remote", payload("q", "x")))).code())
                .isEqualTo(ErrorCode.MIG_UNSUPPORTED_CAPABILITY);
        assertThat(a.hasBuiltProvider("acme.remote")).isFalse();
    }
}
