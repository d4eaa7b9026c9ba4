package io.mig.binding.http.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * Upstream connections on the server's own selectors: a call made while a request of a
 * {@link HomeConnector} is served goes out on that request's selector, so its answer is read by the
 * server's selector thread, never by the provider client's; those
 * connections are not the server's (not among its endpoints, not counted by its connection limit)
 * and close with it.
 */
class HomeConnectorTest {
    private static final String OK = "{\"payload\":{\"n\":1}}";

    /**
     * The answer, 100 ms late: the handler has attached its callback before the answer is read, so the
     * callback runs on the thread that read it (an answer already there would run it on the serving thread).
     */
    private static RawUpstream.Reply late(int n) {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return RawUpstream.Reply.json(OK);
    }

    /** Where each request was served and where its upstream answer was read. */
    private record Threads(String served, String answered) {
    }

    @Test
    void aCallMadeServingARequestGoesOutOnItsSelectorAndIsAnsweredByTheServersThreads() throws Exception {
        try (RawUpstream upstream = new RawUpstream(HomeConnectorTest::late);
             Gateway gateway = new Gateway(upstream, true)) {
            try (Socket client = gateway.connect()) {
                for (int i = 0; i < 5; i++) {
                    assertThat(gateway.exchange(client)).isEqualTo("{\"n\":1}");
                }
                assertThat(gateway.limit.getNetworkConnectionCount()).as("the server's connection limit counts the caller only")
                        .isEqualTo(1);
            }

            assertThat(gateway.threads).hasSize(5).allSatisfy(threads -> {
                assertThat(threads.served()).startsWith("home-test");
                // the selector's thread, not necessarily the very thread that served: Jetty may move a
                // selector's producing to another of the server's threads between two requests
                assertThat(threads.answered()).as("read by a thread of the server's selector").startsWith("home-test");
            });
            assertThat(upstream.connections()).as("one upstream connection for one client connection's calls").isEqualTo(1);
            Await.until(Duration.ofSeconds(10), () -> gateway.connector.getConnectedEndPoints().isEmpty(),
                    "the client's connection closed");
            assertThat(pool(upstream).connectionCount()).as("the upstream connection is the pool's, not the server's").isEqualTo(1);
            Await.until(Duration.ofSeconds(10), () -> gateway.limit.getNetworkConnectionCount() == 0,
                    "the limit's count back to none while the upstream connection stays open");

            gateway.server.stop();
            Await.until(Duration.ofSeconds(10), () -> pool(upstream).connectionCount() == 0,
                    "the server's stop closed the upstream connection on its selector");
        }
    }

    @Test
    void theServersConnectionLimitCountsCallersNotUpstreamConnections() throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.json(OK));
             Gateway gateway = new Gateway(upstream, true);
             Socket client = gateway.connect()) {
            assertThat(gateway.exchange(client)).isEqualTo("{\"n\":1}");
            assertThat(gateway.limit.getNetworkConnectionCount()).as("the caller, not the upstream connection").isEqualTo(1);

            upstream.closeConnections();
            Await.until(Duration.ofSeconds(10), () -> pool(upstream).connectionCount() == 0, "the upstream connection closed");
            assertThat(gateway.limit.getNetworkConnectionCount()).as("its close took nothing off the caller's count").isEqualTo(1);
            assertThat(gateway.exchange(client)).as("a new upstream connection, on the same selector").isEqualTo("{\"n\":1}");
        }
    }

    @Test
    void aCallMadeOutsideAServedRequestUsesTheProviderClientsConnections() throws Exception {
        try (RawUpstream upstream = new RawUpstream(HomeConnectorTest::late);
             Gateway gateway = new Gateway(upstream, false)) {
            try (Socket client = gateway.connect()) {
                assertThat(gateway.exchange(client)).isEqualTo("{\"n\":1}");
                assertThat(gateway.exchange(client)).isEqualTo("{\"n\":1}");
            }

            assertThat(gateway.threads).hasSize(2).allSatisfy(threads ->
                    assertThat(threads.answered()).startsWith("mig-provider"));
            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    private static UpstreamPool pool(RawUpstream upstream) {
        return UpstreamPool.of(new HttpTarget(URI.create(upstream.url()), Map.of(), false));
    }

    /** A Jetty server whose one non-blocking handler calls the upstream (marked as serving the request, or not). */
    private static final class Gateway implements AutoCloseable {
        final List<Threads> threads = new CopyOnWriteArrayList<>();
        final Server server;
        final HomeConnector connector;
        final NetworkConnectionLimit limit;

        Gateway(RawUpstream upstream, boolean marked) throws Exception {
            HttpProvider provider = Calls.provider(upstream.url(), Map.of(), false, true);
            QueuedThreadPool pool = new QueuedThreadPool(16, 4);
            pool.setName("home-test");
            server = new Server(pool);
            connector = new HomeConnector(server, new HttpConnectionFactory());
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            limit = new NetworkConnectionLimit(100, server);
            server.addBean(limit); // as ConnectionHardening adds MIGD_MAX_CONNECTIONS
            server.setHandler(new Handler.Abstract.NonBlocking() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    String served = Thread.currentThread().getName();
                    Runnable call = () -> provider.invoke(Calls.context(false)).whenComplete((payload, failure) -> {
                        threads.add(new Threads(served, Thread.currentThread().getName()));
                        String body = failure == null ? payload.toString() : "failed: " + failure;
                        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                    });
                    if (marked) {
                        HomeConnector.serving(request, call);
                    } else {
                        call.run();
                    }
                    return true;
                }
            });
            server.start();
        }

        Socket connect() throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), connector.getLocalPort());
            socket.setSoTimeout(10_000);
            return socket;
        }

        /** One keep-alive request on {@code socket}; the answer's body. */
        String exchange(Socket socket) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write("GET /call HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the answer's head").isNotNegative();
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 200");
            int length = Integer.parseInt(text.replaceAll("(?s).*[Cc]ontent-[Ll]ength: *(\\d+).*", "$1"));
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
