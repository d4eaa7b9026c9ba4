package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.capability;
import static io.mig.core.gateway.Fixtures.failure;
import static io.mig.core.gateway.Fixtures.invoke;
import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.tenant;
import static io.mig.core.gateway.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.model.FrameKind;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.port.in.AnswerForm;
import io.mig.core.port.in.InvocationAnswer;
import io.mig.core.port.in.InvocationHandle;
import io.mig.core.port.out.InvocationOutcome;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.StreamItem;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handle an INVOKE returns on the port: its message id, its answer, and the transport's cancel. */
class InvocationHandleTest {
    private final Fixtures.Pending pending = new Fixtures.Pending();
    private final Streaming streaming = new Streaming();
    private final List<InvocationOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final MigGateway gateway = MigGateway.builder()
            .capability(capability("acme.slow"), pending)
            .capability(capability("acme.echo"), new Fixtures.Echo())
            .capability(capability("acme.both", InvocationMode.UNARY, InvocationMode.SERVER_STREAM), streaming)
            .listener(outcomes::add)
            .build();

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void cancelBeforeCompletionAbortsTheProviderAndAnswersCancelled() {
        InvocationHandle handle = gateway.start(tenant("acme"), invoke("acme.slow", payload("a", "b")), AnswerForm.unary());
        AtomicInteger told = new AtomicInteger();
        pending.contexts.get(0).cancellation().onCancel(told::incrementAndGet);

        assertThat(handle.cancel("client disconnected")).isTrue();

        MigException error = failure(handle.answer());
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_TIMEOUT);
        assertThat(error.details().get("cancelled").asBoolean()).isTrue();
        assertThat(error.details().get("reason").asText()).isEqualTo("client disconnected");
        assertThat(told).hasValue(1);
        assertThat(pending.contexts.get(0).cancellation().reason()).contains("client disconnected");
        assertThat(pending.futures.get(0).isCancelled()).as("the provider's future is cancelled").isTrue();
        assertThat(gateway.inFlight()).isZero();
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.code()).isEqualTo(ErrorCode.MIG_TIMEOUT);
            assertThat(o.messageId()).isEqualTo(handle.messageId());
        });
    }

    @Test
    void cancelIsIdempotent() {
        InvocationHandle handle = gateway.start(tenant("acme"), invoke("acme.slow", payload("a", "b")), AnswerForm.unary());
        AtomicInteger told = new AtomicInteger();
        pending.contexts.get(0).cancellation().onCancel(told::incrementAndGet);

        assertThat(handle.cancel("first")).isTrue();
        assertThat(handle.cancel("second")).as("a second cancel finds nothing running").isFalse();

        assertThat(failure(handle.answer()).details().get("reason").asText()).isEqualTo("first");
        assertThat(told).as("the provider is told once").hasValue(1);
        assertThat(outcomes).hasSize(1);
    }

    @Test
    void cancelAfterCompletionChangesNothing() {
        InvocationHandle handle = gateway.start(tenant("acme"), invoke("acme.echo", payload("a", "b")), AnswerForm.unary());
        InvocationAnswer answer = value(handle.answer());

        assertThat(handle.cancel("too late")).isFalse();

        assertThat(handle.answer().isCompletedExceptionally()).isFalse();
        assertThat(answer.streamed()).isFalse();
        assertThat(answer.response().payload().get("a").asText()).isEqualTo("b");
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).isTrue());
    }

    @Test
    void aRefusedInvocationHasAHandleThatCancelsNothing() {
        InvocationHandle handle = gateway.start(tenant("acme"), invoke("acme.missing", payload("a", "b")), AnswerForm.unary());

        assertThat(failure(handle.answer()).code()).isEqualTo(ErrorCode.MIG_UNSUPPORTED_CAPABILITY);
        assertThat(handle.cancel("nothing runs")).isFalse();
        assertThat(handle.messageId()).as("a refusal still has the id its audit record names")
                .isEqualTo(outcomes.get(0).messageId());
    }

    @Test
    void aCallerRefusedBeforeItsHeaderIsCheckedIsAuditedUnderTheMintedId() {
        InvocationHandle handle = gateway.start(io.mig.core.port.in.CallContext.of(io.mig.core.model.Binding.HTTP, null),
                invoke("acme.echo", payload("a", "b")), AnswerForm.unary());

        assertThat(failure(handle.answer()).code()).as("no tenant").isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.messageId()).isEqualTo(handle.messageId()));
    }

    @Test
    void theCoreMintsTheMessageIdOnceAndKeepsTheCallersOwn() {
        InvocationHandle minted = gateway.start(tenant("acme"), invoke("acme.echo", payload("a", "b")), AnswerForm.unary());
        InvocationHandle own = gateway.start(tenant("acme"),
                invoke("acme.echo", payload("a", "b"), MessageHeader.empty().withMessageId("m-own")), AnswerForm.unary());

        assertThat(minted.messageId()).startsWith("msg-");
        assertThat(value(minted.answer()).response().header().messageId()).isEqualTo(minted.messageId());
        assertThat(outcomes.get(0).messageId()).isEqualTo(minted.messageId());
        assertThat(own.messageId()).isEqualTo("m-own");
        assertThat(value(own.answer()).response().header().messageId()).isEqualTo("m-own");
    }

    @Test
    void cancellingAStreamEndsItWithAnErrorFrameOnce() throws Exception {
        InvocationHandle handle = gateway.start(tenant("acme"), new io.mig.core.model.InvokeRequest(null, "acme.both",
                payload("a", "b"), StreamPreference.SERVER_STREAM), AnswerForm.frames(null));
        InvocationAnswer answer = value(handle.answer());
        assertThat(answer.streamed()).isTrue();
        assertThat(((InvocationAnswer.Streamed) answer).streamId()).isEqualTo("stream-" + handle.messageId());
        LinkedBlockingQueue<StreamFrame> frames = Fixtures.collect(answer.frames());

        assertThat(handle.cancel("connection closed")).isTrue();
        assertThat(handle.cancel("again")).isFalse();

        StreamFrame last = frames.poll(5, TimeUnit.SECONDS);
        assertThat(last).isNotNull();
        assertThat(last.kind()).isEqualTo(FrameKind.ERROR);
        assertThat(last.endStream()).isTrue();
        assertThat(last.error().details().get("reason").asText()).isEqualTo("connection closed");
        assertThat(streaming.contexts.get(0).cancellation().isCancelled()).isTrue();
        assertThat(gateway.inFlight()).isZero();
    }

    @Test
    void theStreamChoiceIsTheCoresAndTheProviderIsToldOfIt() {
        InvocationAnswer plain = value(gateway.start(tenant("acme"), invoke("acme.both", payload("a", "b")),
                AnswerForm.either(false)).answer());
        InvocationAnswer asked = value(gateway.start(tenant("acme"), invoke("acme.both", payload("a", "b")),
                AnswerForm.either(true)).answer());

        assertThat(plain.streamed()).as("nothing asked for a stream").isFalse();
        assertThat(asked.streamed()).as("the transport asked for a stream").isTrue();
        assertThat(streaming.unaryCalls).hasValue(1);
        assertThat(streaming.contexts).singleElement().satisfies(c ->
                assertThat(c.request().streamPreference()).as("the provider's request carries the choice")
                        .isEqualTo(StreamPreference.SERVER_STREAM));
        assertThat(gateway.prefersStream(invoke("acme.both", payload("a", "b")), true)).isTrue();
        assertThat(gateway.prefersStream(invoke("acme.both", payload("a", "b")), false)).isFalse();
    }

    /** Answers unary at once; streams without ever ending by itself. */
    private static final class Streaming implements CapabilityProvider {
        final List<InvocationContext> contexts = new CopyOnWriteArrayList<>();
        final AtomicInteger unaryCalls = new AtomicInteger();

        @Override
        public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
            unaryCalls.incrementAndGet();
            return CompletableFuture.completedFuture(payload("result", "unary"));
        }

        @Override
        public Flow.Publisher<StreamItem> stream(InvocationContext context) {
            contexts.add(context);
            return new Emitter<>();
        }
    }
}
