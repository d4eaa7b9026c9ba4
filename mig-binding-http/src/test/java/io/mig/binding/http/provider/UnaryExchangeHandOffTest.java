package io.mig.binding.http.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.spi.StreamItem;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What {@link UpstreamCallHandOffTest} proves for Jetty's client, on the lean connection: a unary
 * completion that cannot block runs on the selector thread that read the answer (no hand-off), one
 * that may block runs on the pool, and while it blocks, other calls to the same upstream are answered.
 */
class UnaryExchangeHandOffTest {
    private static final long WAIT_S = 15;

    @Test
    void aCompletionThatCannotBlockRunsOnTheSelectorAndOneThatMayDoesNot() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.json("{\"payload\":{\"n\":1}}"))) {
            Recording quiet = new Recording(null);
            Recording handedOff = new Recording(null);
            send(upstream, quiet, false);
            assertThat(quiet.done.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            send(upstream, handedOff, true);
            assertThat(handedOff.done.await(WAIT_S, TimeUnit.SECONDS)).isTrue();

            assertThat(quiet.payload.get()).hasToString("{\"n\":1}");
            assertThat(quiet.onSelector.get()).as("no hand-off: the sink ran in the selector's fill task").isTrue();
            assertThat(handedOff.payload.get()).hasToString("{\"n\":1}");
            assertThat(handedOff.onSelector.get()).as("handed to the pool").isFalse();
        }
    }

    @Test
    void aUnaryCompletionThatMayBlockDoesNotHoldBackOtherCalls() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.json("{\"payload\":{\"n\":1}}"))) {
            Recording second = new Recording(null);
            Recording first = new Recording(second.done);
            send(upstream, first, true);
            assertThat(first.entered.await(WAIT_S, TimeUnit.SECONDS)).as("the first answer reached its sink").isTrue();
            send(upstream, second, true);

            assertThat(first.done.await(2 * WAIT_S, TimeUnit.SECONDS)).as("the first sink returned").isTrue();
            assertThat(first.sawOther.get()).as("the second call was answered while the first sink blocked").isTrue();
            assertThat(second.payload.get()).hasToString("{\"n\":1}");
        }
    }

    private static void send(RawUpstream upstream, Recording sink, boolean completionMayBlock) {
        HttpTarget target = new HttpTarget(URI.create(upstream.url()), Map.of(), false);
        byte[] body = "{}".getBytes();
        UnaryExchange call = new UnaryExchange(new RequestHead(target).encode(Calls.context(completionMayBlock), 10_000,
                body.length), body, sink, 1024, ProviderClient.shared().getExecutor(), completionMayBlock, 3 * WAIT_S * 1000);
        UpstreamPool.of(target).send(call);
    }

    /** A sink that, given another call's latch, blocks in its final callback until that call is done. */
    private static final class Recording implements UpstreamCall.Sink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<ObjectNode> payload = new AtomicReference<>();
        final AtomicBoolean sawOther = new AtomicBoolean();
        final AtomicBoolean onSelector = new AtomicBoolean();
        private final CountDownLatch other;

        Recording(CountDownLatch other) {
            this.other = other;
        }

        @Override
        public boolean wantsMore() {
            return true;
        }

        @Override
        public void item(StreamItem item) {
        }

        @Override
        public void result(ObjectNode answer) {
            onSelector.set(Arrays.stream(Thread.currentThread().getStackTrace())
                    .anyMatch(frame -> frame.getClassName().startsWith("org.eclipse.jetty.io.SelectableChannelEndPoint")));
            entered.countDown();
            if (other != null) {
                try {
                    sawOther.set(other.await(WAIT_S, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            payload.set(answer);
            done.countDown();
        }

        @Override
        public void fail(MigException error) {
            done.countDown();
        }

        @Override
        public void end() {
            done.countDown();
        }
    }
}
