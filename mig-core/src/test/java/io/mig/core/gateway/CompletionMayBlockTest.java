package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.capability;
import static io.mig.core.gateway.Fixtures.invoke;
import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.tenant;
import static io.mig.core.gateway.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.AnswerForm;
import io.mig.core.port.in.InvocationHandle;
import io.mig.core.spi.InvocationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the provider is told of the thread that completes its call: only a unary answer that the
 * transport writes without blocking, on a gateway declared non-blocking, with no idempotency key,
 * may be completed on the provider's own I/O thread.
 */
class CompletionMayBlockTest {
    private final Fixtures.Pending pending = new Fixtures.Pending();
    private MigGateway gateway;

    @AfterEach
    void close() {
        pending.futures.forEach(f -> f.complete(payload("done", "yes")));
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aUnaryAnswerWrittenWithoutBlockingOnANonBlockingGatewayMayCompleteAnywhere() {
        start(true);
        InvocationHandle handle = gateway.start(tenant("acme"), invoke("acme.slow", payload("a", "b")),
                AnswerForm.unary().writingWithoutBlocking());

        assertThat(onlyContext().completionMayBlock()).isFalse();
        pending.futures.get(0).complete(payload("a", "b"));
        assertThat(value(handle.answer()).response().payload()).hasToString("{\"a\":\"b\"}");
    }

    @Test
    void aTransportThatDoesNotSayItWritesWithoutBlockingKeepsTheHandOff() {
        start(true);
        gateway.start(tenant("acme"), invoke("acme.slow", payload("a", "b")), AnswerForm.unary());
        gateway.start(tenant("acme"), invoke("acme.slow", payload("a", "c")), AnswerForm.either(false));

        assertThat(pending.contexts).hasSize(2).allSatisfy(c -> assertThat(c.completionMayBlock()).isTrue());
    }

    @Test
    void aGatewayNotDeclaredNonBlockingKeepsTheHandOff() {
        start(false);
        gateway.start(tenant("acme"), invoke("acme.slow", payload("a", "b")), AnswerForm.unary().writingWithoutBlocking());

        assertThat(onlyContext().completionMayBlock()).isTrue();
    }

    @Test
    void anIdempotencyKeyKeepsTheHandOffBecauseItsCompletionAnswersTheDuplicates() {
        start(true);
        InvokeRequest keyed = invoke("acme.slow", payload("a", "b"), MessageHeader.forTenant("acme").withIdempotencyKey("k-1"));
        InvocationHandle first = gateway.start(tenant("acme"), keyed, AnswerForm.unary().writingWithoutBlocking());
        InvocationHandle duplicate = gateway.start(tenant("acme"), keyed, AnswerForm.unary());

        assertThat(onlyContext().completionMayBlock()).isTrue();
        pending.futures.get(0).complete(payload("a", "b"));
        assertThat(value(first.answer()).response().payload()).hasToString("{\"a\":\"b\"}");
        assertThat(value(duplicate.answer()).response().payload()).hasToString("{\"a\":\"b\"}");
    }

    @Test
    void framesAlwaysCountAsBlocking() {
        start(true);
        // a unary capability answered as a frame, with and without a key, and a stream the HTTP form chose
        gateway.start(tenant("acme"), invoke("acme.slow", payload("a", "b")), AnswerForm.frames("s-1").writingWithoutBlocking());
        gateway.start(tenant("acme"), invoke("acme.slow", payload("a", "c"), MessageHeader.forTenant("acme").withIdempotencyKey("k-2")),
                AnswerForm.frames("s-2").writingWithoutBlocking());
        InvocationHandle streamed = gateway.start(tenant("acme"), invoke("acme.both", payload("a", "d")),
                AnswerForm.either(true).writingWithoutBlocking());

        assertThat(value(streamed.answer()).streamed()).isTrue();
        assertThat(pending.contexts).hasSize(3).allSatisfy(c -> assertThat(c.completionMayBlock()).isTrue());
    }

    @Test
    void aContextBuiltWithoutTheFlagSaysItMayBlock() {
        start(true);
        gateway.start(tenant("acme"), invoke("acme.slow", payload("a", "b")), AnswerForm.unary().writingWithoutBlocking());
        InvocationContext given = onlyContext();
        InvocationContext embedders = new InvocationContext(given.request(), given.capability(), given.principal(),
                given.call(), given.deadline(), java.time.Clock.systemUTC(), given.cancellation());

        assertThat(embedders.completionMayBlock()).isTrue();
        assertThat(AnswerForm.unary().writesWithoutBlocking()).isFalse();
        assertThat(AnswerForm.unary().writingWithoutBlocking().unaryAllowed()).isTrue();
    }

    private void start(boolean pipelineWithoutBlocking) {
        gateway = MigGateway.builder()
                .pipelineWithoutBlocking(pipelineWithoutBlocking)
                .capability(capability("acme.slow"), pending)
                .capability(capability("acme.both", InvocationMode.UNARY, InvocationMode.SERVER_STREAM), pending)
                .build();
    }

    private InvocationContext onlyContext() {
        assertThat(pending.contexts).hasSize(1);
        return pending.contexts.get(0);
    }
}
