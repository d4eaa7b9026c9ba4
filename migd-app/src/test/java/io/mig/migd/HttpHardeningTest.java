package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.testing.Jwts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a hostile HTTP client must not get from migd (SPEC §11): server state from upgrade
 * attempts, a lenient reading of bodies or repeated security headers, a tenant claim that is
 * ignored, or a connection held open by a request head that never ends.
 */
class HttpHardeningTest {
    static final String SECRET = "http-hardening-secret-of-at-least-32-bytes";
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().jwt(SECRET).quiet()
            .env("MIGD_SSE_KEEPALIVE_MS", "400").env("MIGD_HTTP_IDLE_TIMEOUT_MS", "1500").env("MIGD_HTTP_HEADER_TIMEOUT_MS", "1500")
            .build();

    static String token(String tenant) {
        return Jwts.hs256(SECRET, Jwts.with(Jwts.claims(tenant, tenant + "-user", "mig:admin"),
                "exp", Instant.now().plusSeconds(300).getEpochSecond()));
    }

    @Test
    void webSocketUpgradesKeepNoSessionAndSetNoCookie() throws Exception {
        String accepted = "Authorization: Bearer " + token("acme") + "\r\n";
        for (int i = 0; i < 40; i++) {
            String head = upgrade(i % 2 == 0 ? accepted : "");
            assertThat(head).startsWith(i % 2 == 0 ? "HTTP/1.1 101" : "HTTP/1.1 401");
            assertThat(head.toLowerCase()).as("attempt %d keeps no session", i).doesNotContain("set-cookie");
        }
    }

    @Test
    void aBodyIsExactlyOneJsonValue() {
        String bearer = "Bearer " + token("acme");
        assertThat(server.post("/mig/v0.1/hello", "{} \n", "Authorization", bearer).status()).isEqualTo(200);
        for (String body : List.of("{}{\"header\":{\"tenant_id\":\"globex\"}}", "{} trailing", "{}]", "{} {}")) {
            MigdServer.Reply reply = server.post("/mig/v0.1/hello", body, "Authorization", bearer);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        }
    }

    @Test
    void repeatedSecurityHeadersAreRefused() throws Exception {
        String bearer = "Bearer " + token("acme");
        for (String repeated : List.of("Authorization: " + bearer, "X-Tenant-ID: acme", "X-Actor: someone",
                "Idempotency-Key: k-1")) {
            String answer = RawHttp.exchange(server.port(), "POST /mig/v0.1/hello HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: " + bearer + "\r\n" + repeated + "\r\n" + repeated.replace("acme", "globex") + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertThat(answer).as(repeated).startsWith("HTTP/1.1 400").contains("MIG_INVALID_REQUEST");
        }
        String head = upgrade("Authorization: " + bearer + "\r\nX-Tenant-ID: acme\r\nX-Tenant-ID: globex\r\n");
        assertThat(head).startsWith("HTTP/1.1 400");
    }

    @Test
    void theSseQueryTenantMustAgreeWithTheHeaderAndTheToken() throws Exception {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token("acme"), "X-Tenant-ID", "acme");
        assertThatThrownBy(() -> SseClient.get(server.uri("/mig/v0.1/subscribe/hardening.tenant?tenant_id=globex"), headers))
                .isInstanceOf(IOException.class).hasMessageContaining("403").hasMessageContaining("MIG_FORBIDDEN");
        try (SseClient agreeing = SseClient.get(server.uri("/mig/v0.1/subscribe/hardening.tenant?tenant_id=acme"), headers)) {
            assertThat(agreeing).isNotNull();
        }
    }

    @Test
    void aRequestHeadTrickledByteByByteIsCutAtTheHeaderDeadline() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            boolean closed = false;
            // well past the 1.5 s header deadline, far short of anything else that would close it
            while (!closed && System.nanoTime() - start < 8_000_000_000L) {
                Thread.sleep(500);
                try {
                    out.write('X');
                    out.flush();
                    socket.setSoTimeout(1);
                    closed = socket.getInputStream().read() == -1;
                } catch (SocketTimeoutException stillOpen) {
                    // nothing came back: the server is still waiting for the head
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("the server dropped the connection").isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1_000);
        }
    }

    @Test
    void anSseStreamWithKeepAlivesOutlivesTheIdleTimeout() throws Exception {
        String bearer = "Bearer " + token("acme");
        try (SseClient client = SseClient.get(server.uri("/mig/v0.1/subscribe/hardening.idle"), Map.of("Authorization", bearer))) {
            Thread.sleep(3_500); // over twice the 1.5 s idle timeout, with keep-alives every 400 ms
            assertThat(server.post("/mig/v0.1/publish/hardening.idle", "{\"payload\":{\"n\":1}}", "Authorization", bearer)
                    .status()).isEqualTo(200);
            assertThat(client.next().json().at("/payload/n").asInt()).isEqualTo(1);
        }
    }

    @Test
    void connectionsOverTheCapWaitWhileOpenOnesKeepWorking() throws Exception {
        try (MigdServer capped = MigdServer.start(Map.of("MIGD_MAX_CONNECTIONS", "3", "MIGD_LOG_LEVEL", "warn"))) {
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket socket = new Socket("127.0.0.1", capped.port());
                    open.add(socket);
                    assertThat(healthz(socket, 5_000)).startsWith("HTTP/1.1 200");
                }
                Socket extra = new Socket("127.0.0.1", capped.port()); // queued by the kernel, not accepted
                open.add(extra);
                assertThat(healthz(extra, 1_000)).as("over the cap: not served").isEmpty();
                assertThat(healthz(open.get(0), 5_000)).as("open connections keep working").startsWith("HTTP/1.1 200");
                open.get(1).close();
                assertThat(read(extra, 5_000)).as("served once a place is free").startsWith("HTTP/1.1 200");
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void inventedMethodsShareOneMetricLabel() throws Exception {
        try (MigdServer metered = MigdServer.start(Map.of("MIGD_ENABLE_METRICS", "true", "MIGD_LOG_LEVEL", "warn"))) {
            for (int i = 0; i < 20; i++) {
                String answer = RawHttp.exchange(metered.port(), "INVENTED" + i + " /mig/v0.1/hello HTTP/1.1\r\nHost: x\r\n"
                        + "Connection: close\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 4");
            }
            PrometheusText metrics = PrometheusText.parse(metered.get("/metrics").body());
            assertThat(metrics.samples).noneMatch(s -> String.valueOf(s.labels().get("method")).startsWith("INVENTED"));
            assertThat(metrics.has("mig_gateway_http_requests_total", Map.of("method", "_other"))).isTrue();
        }
    }

    /** Sends {@code GET /healthz} on a kept-alive connection and reads the answer's head, or "" if none came. */
    private static String healthz(Socket socket, int millis) throws IOException {
        socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return read(socket, millis);
    }

    /** What arrives within {@code millis}, up to the end of the first answer's body or a quiet pause. */
    private static String read(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                String text = out.toString(StandardCharsets.ISO_8859_1);
                if (text.contains("\r\n\r\n") && text.trim().endsWith("}")) {
                    break;
                }
                socket.setSoTimeout(300);
            }
        } catch (SocketTimeoutException quiet) {
            // what came is the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** A WebSocket upgrade request with {@code extraHeaders}; returns the answer's head. */
    private static String upgrade(String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /mig/v0.1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
