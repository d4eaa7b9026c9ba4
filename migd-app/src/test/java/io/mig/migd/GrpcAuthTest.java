package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.core.spi.Settings;
import io.mig.core.testing.Jwts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JWT mode on gRPC (the same authenticator as HTTP) and the {@code MIGD_GRPC_ADDR} setting. */
class GrpcAuthTest {
    private static final Struct INPUT = Struct.newBuilder()
            .putFields("input", Value.newBuilder().setStringValue("hi").build()).build();

    @Test
    void jwtModeNeedsABearerTokenInTheMetadata() {
        try (MigdServer server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0",
                "MIGD_AUTH_MODE", "jwt", "MIGD_JWT_HS256_SECRET", "supersecret"));
             GrpcClient anonymous = new GrpcClient(server, "acme", null);
             GrpcClient authorized = new GrpcClient(server, null,
                     Jwts.hs256("supersecret", Jwts.claims("acme", "alice", "capability:infer")))) {
            InvokeRequest request = InvokeRequest.newBuilder().setCapability("observatory.models.infer").setPayload(INPUT).build();

            var answer = authorized.invocation().invoke(request);
            assertThat(answer.getHeader().getTenantId()).isEqualTo("acme");
            assertThat(answer.getPayload().getFieldsOrThrow("result").getStringValue()).isEqualTo("hi");

            assertThatThrownBy(() -> anonymous.invocation().invoke(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).startsWith("MIG_UNAUTHORIZED: ");
                        assertThat(GrpcClient.migError(e)).contains("\"MIG_UNAUTHORIZED\"");
                    });
            // a stream is refused before it opens
            var events = anonymous.events().subscribe(SubscribeRequest.newBuilder().setTopic("a.b").build());
            assertThatThrownBy(events::hasNext).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
    }

    @Test
    void aSubscriptionEndsWhenItsTokenExpires() {
        // valid for about 3 more seconds: 57 s past its exp, within the 60 s clock skew
        long exp = java.time.Instant.now().getEpochSecond() - 57;
        try (MigdServer server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0",
                "MIGD_AUTH_MODE", "jwt", "MIGD_JWT_HS256_SECRET", "supersecret"));
             GrpcClient client = new GrpcClient(server, null, Jwts.hs256("supersecret",
                     Jwts.with(Jwts.claims("acme", "alice", null), "exp", exp)))) {
            var events = client.events().subscribe(SubscribeRequest.newBuilder().setTopic("expiring.events").build());
            assertThatThrownBy(events::hasNext).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.getStatus().getDescription()).contains("expired");
            });
            assertThat(System.currentTimeMillis()).as("not before the token expired").isGreaterThanOrEqualTo((exp + 60) * 1000 - 50);
        }
    }

    @Test
    void aMalformedAddressIsAConfigurationErrorNamingTheSetting() {
        assertThatThrownBy(() -> Migd.create(Settings.of(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_GRPC_ADDR", "nine"))))
                .hasMessageContaining("MIGD_GRPC_ADDR");
    }
}
