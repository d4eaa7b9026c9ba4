package io.mig.binding.http.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.testing.Await;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Unary calls on the lean upstream connection, against a raw socket upstream: keep-alive reuse,
 * every way a connection ends, answers in every framing, and failures that read as today's.
 */
class UpstreamConnectionTest {
    private static final String OK = "{\"payload\":{\"n\":1}}";

    @Test
    void aKeepAliveConnectionCarriesCallAfterCall() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.json("{\"payload\":{\"n\":" + n + "}}"))) {
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            for (int i = 0; i < 5; i++) {
                assertThat(call(provider)).hasToString("{\"n\":" + i + "}");
            }
            assertThat(upstream.connections()).as("one connection for calls one after another").isEqualTo(1);
            assertThat(pool(upstream).idleCount()).isEqualTo(1);
        }
    }

    @Test
    void aPooledConnectionKeepsItsCallsBoundOnSilenceUnlessItIsFarAboveThePoolsIdleTimeout() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.json(OK))) {
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            provider.invoke(Calls.lasting(Duration.ofSeconds(2))).get(10, TimeUnit.SECONDS);
            assertThat(pool(upstream).idleTimeouts()).as("a call under the pool's timeout leaves it as it is")
                    .containsExactly(ProviderClient.POOLED_IDLE_TIMEOUT_MS);

            provider.invoke(Calls.lasting(Duration.ofSeconds(30))).get(10, TimeUnit.SECONDS);
            assertThat(pool(upstream).idleTimeouts()).as("the default deadline's bound (time left + 1 s) is kept")
                    .singleElement().satisfies(t -> assertThat(t).isBetween(30_500L, 31_000L));

            provider.invoke(Calls.lasting(Duration.ofSeconds(120))).get(10, TimeUnit.SECONDS);
            assertThat(pool(upstream).idleTimeouts()).as("a bound far above it was raised for the call, then lowered")
                    .containsExactly(ProviderClient.POOLED_IDLE_TIMEOUT_MS);
            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void concurrentCallsShareThePoolAndEveryOneIsAnswered() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.json(OK))) {
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            int callers = 8;
            int calls = 150;
            java.util.List<CompletableFuture<Integer>> done = new java.util.ArrayList<>();
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(callers);
            for (int c = 0; c < callers; c++) {
                boolean mayBlock = c % 2 == 0;
                done.add(CompletableFuture.supplyAsync(() -> {
                    int answered = 0;
                    for (int i = 0; i < calls; i++) {
                        if (provider.invoke(Calls.context(mayBlock)).join().path("n").asInt() == 1) {
                            answered++;
                        }
                    }
                    return answered;
                }, threads));
            }
            int answered = 0;
            for (CompletableFuture<Integer> caller : done) {
                answered += caller.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
            assertThat(answered).isEqualTo(callers * calls);
            assertThat(upstream.connections()).as("at most one connection per caller").isBetween(1, callers);
            // a connection is back in the pool once its write has returned too, which may be just after its answer
            Await.until(Duration.ofSeconds(10), () -> pool(upstream).connectionCount() == pool(upstream).idleCount(),
                    "every connection idle again");
        }
    }

    @Test
    void beyondItsConnectionsCallsWaitAndBeyondTheQueueTheyAreRefused() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> n == 0 ? RawUpstream.Reply.held() : RawUpstream.Reply.json(OK))) {
            HttpTarget target = new HttpTarget(URI.create(upstream.url()), Map.of(), false);
            UpstreamPool small = new UpstreamPool(ProviderClient.shared().getClientConnector(), "127.0.0.1",
                    target.url().getPort(), 1, 1);
            HttpProvider provider = new HttpProvider(target, ProviderClient.shared(), 1024, small);
            CompletableFuture<ObjectNode> held = provider.invoke(Calls.context(true));
            assertThat(upstream.awaitRequests(1)).isTrue();
            CompletableFuture<ObjectNode> waiting = provider.invoke(Calls.context(true));
            MigException refused = failure(provider);
            assertThat(refused.code()).isEqualTo(ErrorCode.MIG_INTERNAL);
            assertThat(refused.retryable()).isFalse();
            assertThat(waiting).isNotDone();

            held.cancel(false);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).as("the waiting call gets the freed place").hasToString("{\"n\":1}");
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void anIdleConnectionTheUpstreamClosesLeavesThePool() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.json(OK))) {
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            assertThat(call(provider)).hasToString("{\"n\":1}");
            assertThat(pool(upstream).idleCount()).isEqualTo(1);

            upstream.closeConnections();
            Await.until(Duration.ofSeconds(10), () -> pool(upstream).connectionCount() == 0, "the pool dropped the connection");
            assertThat(call(provider)).as("the next call opens a new connection").hasToString("{\"n\":1}");
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void connectionCloseAndHttp10AnswersAreNotReused() throws Exception {
        String body = "{\"payload\":{\"n\":2}}";
        try (RawUpstream upstream = new RawUpstream(n -> n % 2 == 0
                ? RawUpstream.Reply.closing("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                : RawUpstream.Reply.closing("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + body))) {
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            for (int i = 0; i < 4; i++) {
                assertThat(call(provider)).hasToString("{\"n\":2}");
            }
            assertThat(upstream.connections()).isEqualTo(4);
            Await.until(Duration.ofSeconds(10), () -> pool(upstream).connectionCount() == 0, "the pool dropped the connection");
        }
    }

    @Test
    void aChunkedAnswerSentInPiecesIsRead() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.of("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;x=y\r\n{\"p\r\n10\r\nayload\":{\"n\":1}}\r\n0\r\nTrailer: t\r\n\r\n"))) {
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            assertThat(call(provider)).hasToString("{\"n\":1}");
            assertThat(call(provider)).hasToString("{\"n\":1}");
            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void aStreamedAnswerToAUnaryCallGivesItsTerminalItem() throws Exception {
        String sse = "data: {\"n\":1}\n\ndata: {\"payload\":{\"n\":2},\"end_stream\":true}\n\n";
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.of("HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/event-stream\r\nContent-Length: " + sse.length() + "\r\n\r\n" + sse))) {
            assertThat(call(Calls.provider(upstream.url(), Map.of(), false, true))).hasToString("{\"n\":2}");
        }
    }

    @Test
    void anAnswerOverTheLimitFailsAsToday() throws Exception {
        String big = "{\"payload\":{\"s\":\"" + "x".repeat(2000) + "\"}}";
        try (RawUpstream upstream = new RawUpstream(n -> n == 0 ? RawUpstream.Reply.json(big)
                : RawUpstream.Reply.of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n"))) {
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            for (int i = 0; i < 2; i++) {
                MigException error = failure(provider);
                assertThat(error.getMessage()).isEqualTo(Answers.tooLarge(1024).getMessage());
                assertThat(error.details().path("max_answer_bytes").asLong()).isEqualTo(1024L);
            }
            assertThat(upstream.connections()).as("a connection with an answer half read is not reused").isEqualTo(2);
        }
    }

    @Test
    void aBrokenAnswerIsA502AndAnUnreachableUpstreamIsRetryable() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.closing("HTTP/1.1 2xx nonsense\r\n\r\n"))) {
            MigException broken = failure(Calls.provider(upstream.url(), Map.of(), false, true));
            assertThat(broken.code()).isEqualTo(ErrorCode.MIG_INTERNAL);
            assertThat(broken.retryable()).isFalse();
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        MigException refused = failure(Calls.provider("http://127.0.0.1:" + port + "/", Map.of(), false, true));
        MigException refusedOnJetty = failure(Calls.provider("http://127.0.0.1:" + port + "/", Map.of(), false, false));
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.code()).isEqualTo(refusedOnJetty.code());
        assertThat(refused.getMessage()).isEqualTo(refusedOnJetty.getMessage());
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerByteFailsTheCallAsUnreachable() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.closing(""))) {
            MigException lean = failure(Calls.provider(upstream.url(), Map.of(), false, true));
            MigException jetty = failure(Calls.provider(upstream.url(), Map.of(), false, false));
            assertThat(lean.retryable()).isTrue();
            assertThat(lean.code()).isEqualTo(jetty.code());
        }
    }

    @Test
    void cancellingTheCallClosesItsConnectionSoTheUpstreamSeesIt() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> n == 0 ? RawUpstream.Reply.held() : RawUpstream.Reply.json(OK))) {
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            CompletableFuture<ObjectNode> held = provider.invoke(Calls.context(true));
            assertThat(upstream.awaitRequests(1)).isTrue();
            held.cancel(false);

            assertThat(upstream.awaitClosedByGateway(1)).as("the upstream saw its connection closed").isTrue();
            Await.until(Duration.ofSeconds(10), () -> pool(upstream).connectionCount() == 0, "the pool dropped the connection");
            assertThat(call(provider)).as("the pool still works").hasToString("{\"n\":1}");
        }
    }

    @Test
    void theCallsCancellationClosesItsConnection() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.held())) {
            Calls.Firing cancellation = new Calls.Firing();
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            CompletableFuture<ObjectNode> held = provider.invoke(Calls.context(true, cancellation));
            assertThat(upstream.awaitRequests(1)).isTrue();
            cancellation.fire("deadline");

            assertThat(upstream.awaitClosedByGateway(1)).isTrue();
            MigException error = unwrap(held);
            assertThat(error.getMessage()).contains("deadline");
        }
    }

    private static UpstreamPool pool(RawUpstream upstream) {
        return UpstreamPool.of(new HttpTarget(URI.create(upstream.url()), Map.of(), false));
    }

    static ObjectNode call(HttpProvider provider) throws Exception {
        return provider.invoke(Calls.context(true)).get(10, TimeUnit.SECONDS);
    }

    private static MigException failure(HttpProvider provider) throws Exception {
        return unwrap(provider.invoke(Calls.context(true)));
    }

    private static MigException unwrap(CompletableFuture<ObjectNode> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(MigException.class);
            return (MigException) e.getCause();
        } catch (CancellationException e) {
            throw new AssertionError("cancelled", e);
        }
        throw new AssertionError("the call succeeded");
    }
}
