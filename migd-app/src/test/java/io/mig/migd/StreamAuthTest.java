package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.testing.Jwts;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SSE and WebSocket in auth mode jwt (SPEC §3.2, §3.5): authenticated at the upgrade by header or
 * {@code access_token} query parameter, and — for WebSocket — again for every frame.
 */
class StreamAuthTest {
    static final String SECRET = "stream-auth-secret-of-at-least-32-bytes";
    static final String CAPABILITY = "streams.test.echo";
    static final CountingProvider provider = new CountingProvider();
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().jwt(SECRET).env("MIGD_SSE_KEEPALIVE_MS", "300")
            .provider(CountingProvider.descriptor(CAPABILITY), provider).build();

    static String token(String tenant, long exp) {
        return Jwts.hs256(SECRET, Jwts.with(Jwts.claims(tenant, tenant + "-user", CountingProvider.SCOPE), "exp", exp));
    }

    static String token(String tenant) {
        return token(tenant, Instant.now().plusSeconds(300).getEpochSecond());
    }

    void publish(String tenant, String topic, String text) {
        MigdServer.Reply reply = server.post("/mig/v0.1/publish/" + topic, "{\"payload\":{\"text\":\"" + text + "\"}}",
                "Authorization", "Bearer " + token(tenant));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void sseAcceptsTheTokenAsHeaderOrQueryParameter() throws Exception {
        try (SseClient byHeader = SseClient.get(server.uri("/mig/v0.1/subscribe/auth.sse"), Map.of("Authorization", "Bearer " + token("acme")));
             SseClient byQuery = SseClient.get(server.uri("/mig/v0.1/subscribe/auth.sse?tenant_id=acme&access_token=" + token("acme")),
                     Map.of())) {
            publish("acme", "auth.sse", "one");
            assertThat(byHeader.next().json().at("/payload/text").asText()).isEqualTo("one");
            JsonNode event = byQuery.next().json();
            assertThat(event.at("/payload/text").asText()).isEqualTo("one");
            assertThat(event.at("/header/tenant_id").asText()).isEqualTo("acme");
        }
    }

    @Test
    void sseRefusesBeforeTheStreamOpens() {
        assertThatThrownBy(() -> SseClient.get(server.uri("/mig/v0.1/subscribe/auth.sse"), Map.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("401").hasMessageContaining("MIG_UNAUTHORIZED");
        assertThatThrownBy(() -> SseClient.get(server.uri("/mig/v0.1/subscribe/auth.sse?access_token="
                + token("acme", Instant.now().minusSeconds(120).getEpochSecond())), Map.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("401");
        assertThatThrownBy(() -> SseClient.get(server.uri("/mig/v0.1/subscribe/auth.sse?tenant_id=globex&access_token="
                + token("acme")), Map.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("403").hasMessageContaining("MIG_FORBIDDEN");
    }

    @Test
    void anSseSubscriptionEndsWhenItsTokenExpires() throws Exception {
        // valid for about 3 more seconds: 57 s past its exp, within the 60 s clock skew
        long exp = Instant.now().getEpochSecond() - 57;
        try (SseClient client = SseClient.get(server.uri("/mig/v0.1/subscribe/auth.expiring?access_token="
                + token("acme", exp)), Map.of())) {
            publish("acme", "auth.expiring", "before");
            assertThat(client.next().json().at("/payload/text").asText()).isEqualTo("before");
            SseClient.Event last = client.next();
            assertThat(last.type()).isEqualTo("mig-error");
            assertThat(last.json().at("/error/code").asText()).isEqualTo("MIG_UNAUTHORIZED");
            assertThat(System.currentTimeMillis()).as("not before the token expired").isGreaterThanOrEqualTo((exp + 60) * 1000 - 50);
            assertThat(client.awaitEnd(5_000)).isTrue();
        }
    }

    @Test
    void webSocketAcceptsTheTokenAsHeaderOrQueryParameter() throws Exception {
        try (WsClient byHeader = WsClient.connect(server, "", "Authorization", "Bearer " + token("acme"));
             WsClient byQuery = WsClient.connect(server, "?access_token=" + token("globex"))) {
            byHeader.send(request("h1"));
            byQuery.send(request("q1"));
            assertThat(byHeader.next().at("/payload/tenant").asText()).isEqualTo("acme");
            assertThat(byQuery.next().at("/payload/tenant").asText()).isEqualTo("globex");
        }
    }

    @Test
    void everyWebSocketFrameIsAuthenticatedSoATokenThatExpiresStopsTheSocketsWork() throws Exception {
        // valid for about 6 more seconds: 54 s past its exp, within the 60 s clock skew
        long exp = Instant.now().getEpochSecond() - 54;
        try (WsClient socket = WsClient.connect(server, "?access_token=" + token("acme", exp))) {
            socket.send(request("before"));
            JsonNode answer = socket.next();
            assertThat(answer.path("kind").asText()).as(answer.toString()).isEqualTo("response");
            int calls = provider.total();

            long expiredAtMillis = (exp + 60) * 1000;
            Thread.sleep(Math.max(0, expiredAtMillis - System.currentTimeMillis()) + 500);
            socket.send(request("after"));
            JsonNode refused = socket.next();
            assertThat(refused.path("kind").asText()).isEqualTo("error");
            assertThat(refused.at("/error/code").asText()).isEqualTo("MIG_UNAUTHORIZED");
            assertThat(refused.path("stream_id").asText()).isEqualTo("after");
            assertThat(provider.total()).as("no provider call after expiry").isEqualTo(calls);

            socket.send("{\"kind\":\"control\",\"stream_id\":\"before\",\"payload\":{\"action\":\"cancel\"}}");
            assertThat(socket.next().at("/error/code").asText()).as("control frames too").isEqualTo("MIG_UNAUTHORIZED");
            assertThat(socket.awaitClose(100)).as("the socket itself stays open").isNull();
        }
    }

    private static String request(String streamId) {
        return "{\"kind\":\"request\",\"stream_id\":\"" + streamId + "\",\"capability\":\"" + CAPABILITY
                + "\",\"payload\":{\"id\":\"" + streamId + "\"}}";
    }
}
