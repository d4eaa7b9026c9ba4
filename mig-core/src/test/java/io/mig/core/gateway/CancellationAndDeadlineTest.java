package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.capability;
import static io.mig.core.gateway.Fixtures.failure;
import static io.mig.core.gateway.Fixtures.invoke;
import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.FrameKind;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.StreamItem;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SPEC §4.4 and §4.7: in-flight work really stops, promptly, and only in the caller's tenant. */
class CancellationAndDeadlineTest {
    private final Fixtures.Pending pending = new Fixtures.Pending();
    private final List<Emitter<StreamItem>> streams = new CopyOnWriteArrayList<>();
    private final MigGateway gateway = MigGateway.builder()
            .capability(capability("acme.slow"), pending)
            .capability(capability("acme.ticker", InvocationMode.SERVER_STREAM), new io.mig.core.spi.CapabilityProvider() {
                @Override
                public CompletableFuture<com.fasterxml.jackson.databind.node.ObjectNode> invoke(io.mig.core.spi.InvocationContext c) {
                    return new CompletableFuture<>();
                }

                @Override
                public Flow.Publisher<StreamItem> stream(io.mig.core.spi.InvocationContext context) {
                    Emitter<StreamItem> emitter = new Emitter<>();
                    streams.add(emitter);
                    emitter.emit(StreamItem.next(payload("tick", "1")));
                    return emitter;
                }
            })
            .build();

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void cancelStopsARunningInvocationAndTellsTheProvider() {
        MessageHeader header = MessageHeader.empty().withMessageId("msg-run");
        CompletableFuture<InvokeResponse> running = gateway.invoke(tenant("acme"), invoke("acme.slow", payload("a", "b"), header));
        assertThat(gateway.inFlight()).isEqualTo(1);
        CancelAck ack = gateway.cancel(tenant("acme"), new CancelRequest(null, "msg-run", "user asked"));
        assertThat(ack.status()).isEqualTo("cancelled");
        assertThat(ack.accepted()).isTrue();
        MigException error = failure(running);
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_TIMEOUT);
        assertThat(error.retryable()).isFalse();
        assertThat(error.details().get("cancelled").asBoolean()).isTrue();
        assertThat(error.details().get("reason").asText()).isEqualTo("user asked");
        assertThat(pending.contexts.get(0).cancellation().isCancelled()).isTrue();
        assertThat(pending.futures.get(0).isCancelled()).as("the provider's future is cancelled").isTrue();
        assertThat(gateway.inFlight()).isZero();
    }

    @Test
    void anotherTenantCannotCancel() {
        MessageHeader header = MessageHeader.empty().withMessageId("msg-mine");
        CompletableFuture<InvokeResponse> running = gateway.invoke(tenant("acme"), invoke("acme.slow", payload("a", "b"), header));
        CancelAck ack = gateway.cancel(tenant("evil"), new CancelRequest(null, "msg-mine", null));
        assertThat(ack.status()).isEqualTo("recorded");
        assertThat(running).isNotDone();
        assertThat(pending.contexts.get(0).cancellation().isCancelled()).isFalse();
        pending.futures.get(0).complete(payload("done", "yes"));
        assertThat(Fixtures.value(running).payload().get("done").asText()).isEqualTo("yes");
    }

    @Test
    void theDeadlineEndsTheCallPromptlyAndCancelsTheProvider() {
        long deadline = 300;
        long start = System.nanoTime();
        MigException error = failure(gateway.invoke(tenant("acme"),
                invoke("acme.slow", payload("a", "b"), MessageHeader.empty().withDeadlineMs(deadline))));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_TIMEOUT);
        assertThat(error.retryable()).isTrue();
        // SPEC §4.4: within 10% + 50 ms of the deadline; a loaded CI machine gets a further margin
        assertThat(elapsedMs).isBetween(deadline - 5, deadline + deadline / 10 + 50 + 250);
        assertThat(pending.contexts.get(0).cancellation().reason()).contains("deadline");
        assertThat(pending.futures.get(0).isCancelled()).isTrue();
        assertThat(gateway.inFlight()).isZero();
    }

    @Test
    void providersSeeTheirDeadline() {
        gateway.invoke(tenant("acme"), invoke("acme.slow", payload("a", "b"), MessageHeader.empty().withDeadlineMs(10_000L)));
        long remaining = pending.contexts.get(0).remaining().toMillis();
        assertThat(remaining).isBetween(8_000L, 10_000L);
        pending.futures.get(0).complete(payload("a", "b"));
    }

    @Test
    void cancelByStreamIdEndsTheStreamWithAnErrorFrame() throws Exception {
        Recorder recorder = new Recorder();
        Flow.Publisher<StreamFrame> frames = Fixtures.value(gateway.stream(tenant("acme"),
                new io.mig.core.model.InvokeRequest(null, "acme.ticker", payload("a", "b"), StreamPreference.SERVER_STREAM),
                "s-1"));
        frames.subscribe(recorder);
        assertThat(recorder.first.await(5, TimeUnit.SECONDS)).isTrue();
        CancelAck ack = gateway.cancel(tenant("acme"), new CancelRequest(null, "s-1", "enough"));
        assertThat(ack.status()).isEqualTo("cancelled");
        assertThat(recorder.done.await(5, TimeUnit.SECONDS)).isTrue();
        StreamFrame last = recorder.frames.get(recorder.frames.size() - 1);
        assertThat(last.kind()).isEqualTo(FrameKind.ERROR);
        assertThat(last.endStream()).isTrue();
        assertThat(last.error().code()).isEqualTo(ErrorCode.MIG_TIMEOUT);
        assertThat(last.error().details().get("cancelled").asBoolean()).isTrue();
        assertThat(streams.get(0).isCancelled()).as("the provider's stream was cancelled").isTrue();
        assertThat(gateway.inFlight()).isZero();
    }

    @Test
    void aStreamWithoutATerminalItemGetsAnEmptyTerminalFrame() throws Exception {
        Recorder recorder = new Recorder();
        Fixtures.value(gateway.stream(tenant("acme"),
                new io.mig.core.model.InvokeRequest(null, "acme.ticker", payload("a", "b"), null), null)).subscribe(recorder);
        assertThat(recorder.first.await(5, TimeUnit.SECONDS)).isTrue();
        streams.get(0).complete();
        assertThat(recorder.done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.frames).hasSize(2);
        StreamFrame terminal = recorder.frames.get(1);
        assertThat(terminal.kind()).isEqualTo(FrameKind.RESPONSE);
        assertThat(terminal.endStream()).isTrue();
        assertThat(terminal.payload().isEmpty()).isTrue();
        assertThat(terminal.streamId()).startsWith("stream-msg-");
    }

    @Test
    void aUnaryCapabilityAskedToStreamAnswersOneTerminalFrame() throws Exception {
        Recorder recorder = new Recorder();
        Fixtures.value(gateway.stream(tenant("acme"),
                new io.mig.core.model.InvokeRequest(null, "acme.slow", payload("a", "b"), StreamPreference.SERVER_STREAM), "u-1"))
                .subscribe(recorder);
        pending.futures.get(0).complete(payload("answer", "42"));
        assertThat(recorder.done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.frames).singleElement().satisfies(frame -> {
            assertThat(frame.endStream()).isTrue();
            assertThat(frame.payload().get("answer").asText()).isEqualTo("42");
        });
    }

    /** Records frames with unbounded demand. */
    static final class Recorder implements Flow.Subscriber<StreamFrame> {
        final List<StreamFrame> frames = new CopyOnWriteArrayList<>();
        final CountDownLatch first = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(StreamFrame item) {
            frames.add(item);
            first.countDown();
        }

        @Override
        public void onError(Throwable throwable) {
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }
    }
}
