package io.mig.binding.http.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mig.core.error.MigException;
import io.mig.core.spi.StreamItem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared client reads answers on its one selector thread: a sink that blocks (a caller's write,
 * a blocking store, a slow stream subscriber) must not hold back the answers of other calls.
 * Each test blocks the first call's sink until a second call, to the same upstream, is answered.
 */
class UpstreamCallHandOffTest {
    private static final long WAIT_S = 15;

    private HttpServer upstream;
    private URI url;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/json", exchange -> answer(exchange, "application/json", "{\"payload\":{\"n\":1}}"));
        upstream.createContext("/sse", exchange -> answer(exchange, "text/event-stream",
                "data: {\"n\":1}\n\ndata: {\"payload\":{\"n\":2},\"end_stream\":true}\n\n"));
        upstream.start();
        url = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    @Test
    void aUnaryCompletionThatMayBlockRunsOffTheSelector() throws InterruptedException {
        Recording second = new Recording(null);
        Recording first = new Recording(second.done);
        call("/json", first, true);
        assertThat(first.entered.await(WAIT_S, TimeUnit.SECONDS)).as("the first answer reached its sink").isTrue();
        call("/json", second, true);

        assertThat(first.done.await(2 * WAIT_S, TimeUnit.SECONDS)).as("the first sink returned").isTrue();
        assertThat(first.sawOther.get()).as("the second call was answered while the first sink blocked").isTrue();
        assertThat(second.payload.get()).hasToString("{\"n\":1}");
    }

    @Test
    void aCompletionThatCannotBlockRunsOnTheSelectorAndOneThatMayDoesNot() throws InterruptedException {
        Recording quiet = new Recording(null);
        Recording handedOff = new Recording(null);
        call("/json", quiet, false);
        call("/json", handedOff, true);

        assertThat(quiet.done.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(handedOff.done.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(quiet.payload.get()).hasToString("{\"n\":1}");
        assertThat(quiet.onSelector.get()).as("no hand-off: the sink ran in the selector's fill task").isTrue();
        assertThat(handedOff.onSelector.get()).as("handed to the pool").isFalse();
    }

    @Test
    void aStreamedAnswerIsReadOffTheSelector() throws InterruptedException {
        Recording other = new Recording(null);
        Recording stream = new Recording(other.done);
        // the call's completion could run inline: only the items' hand-off keeps the selector free
        call("/sse", stream, false);
        assertThat(stream.entered.await(WAIT_S, TimeUnit.SECONDS)).as("the first item reached its sink").isTrue();
        call("/json", other, true);

        assertThat(stream.done.await(2 * WAIT_S, TimeUnit.SECONDS)).as("the stream ended").isTrue();
        assertThat(stream.sawOther.get()).as("another call was answered while the stream's sink blocked").isTrue();
        assertThat(stream.items).hasToString("[{\"n\":1}, {\"n\":2}]");
    }

    private void call(String path, Recording sink, boolean completionMayBlock) {
        Request request = ProviderClient.shared().newRequest(url.resolve(path)).method(HttpMethod.POST)
                .timeout(WAIT_S * 3, TimeUnit.SECONDS);
        new UpstreamCall(request, sink, 1024, ProviderClient.shared().getExecutor(), completionMayBlock).send();
    }

    private static void answer(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A sink that, given another call's latch, blocks in its first callback until that call is done. */
    private static final class Recording implements UpstreamCall.Sink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<ObjectNode> payload = new AtomicReference<>();
        final AtomicBoolean sawOther = new AtomicBoolean();
        /** Whether the final callback ran inside the selector's fill task (the endpoint's read on the stack), not a pool job. */
        final AtomicBoolean onSelector = new AtomicBoolean();
        final List<ObjectNode> items = new CopyOnWriteArrayList<>();
        private final CountDownLatch other;

        Recording(CountDownLatch other) {
            this.other = other;
        }

        private void block() {
            if (entered.getCount() == 0) {
                return;
            }
            entered.countDown();
            if (other != null) {
                try {
                    // returns as soon as the other call is done; long enough for a new connection on a loaded machine
                    sawOther.set(other.await(WAIT_S, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public boolean wantsMore() {
            return true;
        }

        @Override
        public void item(StreamItem item) {
            block();
            items.add(item.payload());
        }

        @Override
        public void result(ObjectNode answer) {
            block();
            onSelector.set(java.util.Arrays.stream(Thread.currentThread().getStackTrace())
                    .anyMatch(frame -> frame.getClassName().startsWith("org.eclipse.jetty.io.SelectableChannelEndPoint")));
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
