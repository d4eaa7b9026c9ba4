package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.testing.Await;
import io.mig.core.testing.Jwts;
import io.mig.migd.MigdServer.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS from PEM files ({@code MIGD_TLS_CERT_FILE}, {@code MIGD_TLS_KEY_FILE}) with a certificate the
 * test makes itself, in auth mode jwt — whose RS256 public key is that same certificate, which also
 * shows a certificate works as {@code MIGD_JWT_PUBLIC_KEY_FILE}.
 */
class TlsTest {
    static Path dir;
    static TestCertificate certificate;
    static TestCertificate ec;
    static SSLContext trusting;
    static MigdServer server;
    static String token;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("migd-tls");
        certificate = TestCertificate.create(dir, "RSA");
        ec = TestCertificate.create(dir, "EC");
        trusting = certificate.trustingContext();
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
        server = MigdServer.start(Map.of("MIGD_TLS_CERT_FILE", certificate.certFile().toString(),
                "MIGD_TLS_KEY_FILE", certificate.keyFile().toString(),
                "MIGD_AUTH_MODE", "jwt", "MIGD_JWT_PUBLIC_KEY_FILE", certificate.certFile().toString()), client);
        token = Jwts.rs256(certificate.privateKey(), null, Jwts.claims("acme", "alice", "capability:infer"));
        admin = Jwts.rs256(certificate.privateKey(), null, Jwts.claims("acme", "root", "mig:admin"));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    @Test
    void servesMigOverHttpsWithTheGivenCertificate() {
        assertThat(server.baseUrl()).startsWith("https://");
        Reply hello = server.post("/mig/v0.1/hello", "{}", "Authorization", "Bearer " + token);
        assertThat(hello.status()).as(hello.body()).isEqualTo(200);
        assertThat(hello.json().at("/header/tenant_id").asText()).isEqualTo("acme");
        Reply invoke = server.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"over tls\"}}",
                "Authorization", "Bearer " + token);
        assertThat(invoke.json().at("/payload/result").asText()).isEqualTo("over tls");
        assertThat(server.post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme").status()).as("jwt still applies").isEqualTo(401);
    }

    @Test
    void clientsThatDoNotTrustTheCertificateOrSpeakPlainHttpGetNothing() {
        HttpRequest hello = HttpRequest.newBuilder(server.uri("/healthz")).timeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(hello, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        URI plain = URI.create("http://127.0.0.1:" + server.port() + "/healthz");
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void sseOverTlsStaysOpenWhileTheClientIsThereAndEndsWhenItLeaves() throws Exception {
        try (SseClient events = SseClient.get(server.uri("/mig/v0.1/subscribe/tls.events"),
                Map.of("Authorization", "Bearer " + token), trusting)) {
            // several liveness probes (every 250 ms) read the TLS connection meanwhile
            Thread.sleep(1500);
            assertThat(sseConnections()).as("still registered after the probes").isEqualTo(1);
            Reply published = server.post("/mig/v0.1/publish/tls.events", "{\"payload\":{\"n\":1}}", "Authorization", "Bearer " + token);
            assertThat(published.status()).isEqualTo(200);
            assertThat(events.next().json().at("/payload/n").asInt()).isEqualTo(1);
        }
        Await.until(Duration.ofSeconds(3), () -> sseConnections() == 0, "a vanished TLS client is noticed without a keep-alive write");
    }

    @Test
    void webSocketsWorkOverTls() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
        URI wss = URI.create(server.baseUrl().replace("https", "wss") + "/mig/v0.1/stream?access_token=" + token);
        try (WsClient socket = WsClient.connect(client, wss)) {
            socket.send("{\"kind\":\"request\",\"stream_id\":\"s1\",\"capability\":\"observatory.models.infer\","
                    + "\"payload\":{\"input\":\"secure\"}}");
            assertThat(socket.next().at("/payload/result").asText()).isEqualTo("secure");
        }
    }

    @Test
    void ecCertificatesWorkToo() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ec.trustingContext()).build();
        try (MigdServer tls = MigdServer.start(Map.of("MIGD_TLS_CERT_FILE", ec.certFile().toString(),
                "MIGD_TLS_KEY_FILE", ec.keyFile().toString()), client)) {
            Reply hello = tls.post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme");
            assertThat(hello.status()).as(hello.body()).isEqualTo(200);
        }
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateStopsTheStart() throws Exception {
        assertThatThrownBy(() -> MigdServer.start(Map.of("MIGD_TLS_CERT_FILE", certificate.certFile().toString(),
                "MIGD_TLS_KEY_FILE", ec.keyFile().toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MIGD_TLS").hasMessageContaining("does not belong");
    }

    private static int sseConnections() {
        Reply view = server.get("/admin/v0.1/connections?kind=sse_subscribe", "Authorization", "Bearer " + admin);
        assertThat(view.status()).as(view.body()).isEqualTo(200);
        return view.json().at("/summary/total").asInt();
    }
}
