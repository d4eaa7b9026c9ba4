package io.mig.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mig.core.testing.Await;
import io.mig.core.testing.Jwts;
import io.mig.migd.MigdExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bearer tokens against a migd in JWT mode (SPEC §3.2, §3.3). */
class JwtTest {
    private static final String SECRET = "client-test-secret-of-at-least-32-bytes";
    private static final String INFER = "observatory.models.infer";
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().jwt(SECRET).build();

    private static MigClient withToken(String token) {
        return MigClient.builder().baseUrl(server.baseUrl()).bearerToken(token).build();
    }

    @Test
    void aTokenWithTheScopeMayInvoke() {
        MigClient client = withToken(Jwts.hs256(SECRET, Jwts.claims("acme", "alice", "capability:infer")));
        assertThat(client.discover()).extracting(Capability::id).contains(INFER);
        InvokeResult result = client.invoke(INFER, Map.of("input", "signed"));
        assertThat(result.payload().path("result").asText()).isEqualTo("signed");
        assertThat(result.header().tenantId()).as("the tenant comes from the token").isEqualTo("acme");
    }

    @Test
    void aTokenWithoutTheScopeSeesNothingAndIsForbidden() {
        MigClient client = withToken(Jwts.hs256(SECRET, Jwts.claims("acme", "bob", "other:scope")));
        assertThat(client.discover()).extracting(Capability::id).doesNotContain(INFER);
        MigForbiddenException e = catchThrowableOfType(() -> client.invoke(INFER, Map.of("input", "x")),
                MigForbiddenException.class);
        assertThat(e.httpStatus()).isEqualTo(403);
    }

    @Test
    void noTokenOrABadOneIsUnauthorized() {
        MigUnauthorizedException none = catchThrowableOfType(() -> withToken(null).hello(), MigUnauthorizedException.class);
        assertThat(none.httpStatus()).isEqualTo(401);
        String forged = Jwts.hs256("another-secret-another-secret-another", Jwts.claims("acme", "eve", "capability:infer"));
        assertThat(catchThrowableOfType(() -> withToken(forged).hello(), MigUnauthorizedException.class)).isNotNull();
    }

    @Test
    void aTenantOtherThanTheTokensIsForbidden() {
        MigClient client = MigClient.builder().baseUrl(server.baseUrl()).tenant("globex")
                .bearerToken(Jwts.hs256(SECRET, Jwts.claims("acme", "alice", "capability:infer"))).build();
        assertThat(catchThrowableOfType(client::heartbeat, MigForbiddenException.class)).isNotNull();
    }

    @Test
    void aTokenSupplierIsAskedOnEveryRequest() {
        AtomicInteger asked = new AtomicInteger();
        MigClient client = MigClient.builder().baseUrl(server.baseUrl())
                .bearerToken(() -> Jwts.hs256(SECRET, Jwts.claims("acme", "rotating-" + asked.incrementAndGet(), "capability:infer")))
                .build();
        client.heartbeat();
        client.invoke(INFER, Map.of("input", "x"));
        assertThat(asked).hasValue(2);
    }

    @Test
    void aSubscriptionWhoseTokenExpiresGoesOnWithAFreshOne() {
        // the gateway accepts a token until 60 s (its clock skew) after exp, and ends a stream then:
        // tokens that expired 58 s ago have 2 s left, after which the client reconnects with the next one
        AtomicInteger minted = new AtomicInteger();
        MigClient subscriber = MigClient.builder().baseUrl(server.baseUrl())
                .bearerToken(() -> {
                    minted.incrementAndGet();
                    return Jwts.hs256(SECRET, Jwts.claims("jwt-events", "listener", "", Instant.now().plusSeconds(-58)));
                })
                .reconnect(Reconnect.defaults().initialDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(200)))
                .build();
        MigClient publisher = withToken(Jwts.hs256(SECRET, Jwts.claims("jwt-events", "publisher", "")));
        Recorder<MigEvent> events = Recorder.unbounded();
        subscriber.subscribe("acme.jwt.events").subscribe(events);
        for (long n = 1; n <= 3; n++) {
            publisher.publish("acme.jwt.events", Map.of("n", n));
        }
        Await.until(Duration.ofSeconds(10), () -> events.items.size() == 3, () -> "3 events, got " + events.items.size());
        Await.until(Duration.ofSeconds(15), () -> minted.get() >= 2, () -> "a reconnection with a fresh token");
        for (long n = 4; n <= 6; n++) {
            publisher.publish("acme.jwt.events", Map.of("n", n));
        }
        Await.until(Duration.ofSeconds(15), () -> events.items.size() >= 6 || events.error.get() != null,
                () -> "6 events, got " + events.items.size());
        assertThat(events.error.get()).isNull();
        assertThat(events.items).extracting(MigEvent::sequence).containsExactlyElementsOf(List.of(1L, 2L, 3L, 4L, 5L, 6L));
        events.cancel();
    }
}
