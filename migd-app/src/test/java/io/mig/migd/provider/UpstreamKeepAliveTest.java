package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.migd.MigdExtension;
import io.mig.migd.MigdServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unary calls through migd to an {@code http://} provider go over the gateway's own keep-alive
 * connection: one connection for calls one after another, and the head the provider reads is the
 * one docs/PROVIDERS.md describes, byte for byte as it arrives on the socket.
 */
class UpstreamKeepAliveTest {
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().build();

    @Test
    void callsOneAfterAnotherShareOneConnectionAndCarryTheDocumentedHead() throws Exception {
        try (KeepAliveUpstream upstream = new KeepAliveUpstream()) {
            Bind.http(migd, "acme.keepalive", upstream.url(), "\"headers\":{\"X-Api-Key\":\"k-1\"}");
            for (int i = 0; i < 5; i++) {
                MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.keepalive",
                        "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-keep-" + i + "\"},\"payload\":{\"i\":" + i + "}}");
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                assertThat(reply.json().path("payload").path("n").asInt()).isEqualTo(i);
            }
            assertThat(upstream.connections.get()).as("one keep-alive connection").isEqualTo(1);

            String head = upstream.heads.peek();
            List<String> lines = Arrays.asList(head.split("\r\n"));
            assertThat(lines.get(0)).isEqualTo("POST /invoke?v=1 HTTP/1.1");
            assertThat(lines).contains("User-Agent: migd", "Host: 127.0.0.1:" + upstream.port(), "X-Api-Key: k-1",
                    "Mig-Tenant-Id: acme", "Mig-Message-Id: m-keep-0", "Mig-Capability: acme.keepalive",
                    "Accept: application/json", "Content-Type: application/json",
                    "Content-Length: " + upstream.bodyLengths.peek());
            assertThat(lines).anyMatch(line -> line.startsWith("MIG-Deadline-Ms: "))
                    .anyMatch(line -> line.startsWith("traceparent: 00-"))
                    .noneMatch(line -> line.toLowerCase(Locale.ROOT).startsWith("accept-encoding"));
        }
    }

    /** A keep-alive HTTP/1.1 upstream on a raw socket, answering {@code {"payload":{"n":i}}} to its i-th request. */
    private static final class KeepAliveUpstream implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final ConcurrentLinkedQueue<String> heads = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Integer> bodyLengths = new ConcurrentLinkedQueue<>();
        private final AtomicInteger requests = new AtomicInteger();
        private final ServerSocket server;

        KeepAliveUpstream() throws IOException {
            server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "keepalive-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        String url() {
            return "http://127.0.0.1:" + port() + "/invoke?v=1";
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread handler = new Thread(() -> serve(socket), "keepalive-upstream-conn");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String head = HoldingUpstream.readHead(in);
                    int length = (int) HoldingUpstream.contentLength(head);
                    in.readNBytes(length);
                    heads.add(head);
                    bodyLengths.add(length);
                    byte[] body = ("{\"payload\":{\"n\":" + requests.getAndIncrement() + "}}").getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException gone) {
                // the gateway or the test closed the connection (readHead throws at its end)
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
