package io.mig.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.conformance.kit.ConformanceKit;
import io.mig.conformance.kit.KitContext;
import io.mig.conformance.kit.KitTarget;
import io.mig.conformance.kit.MigWire;
import io.mig.core.testing.Jwts;
import io.mig.migd.NatsServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kit's tenant cases over every binding of one migd with auth {@code jwt}: the tenant from the
 * token alone, from the body with the token, a conflicting header, none at all — so that the token
 * cases, skipped by the subclasses' auth-none gateways, run too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenTenantsTest {
    private static final String SECRET = "conformance-kit-secret-of-32-bytes!";
    private static final List<String> CASES = List.of("tenantFromToken", "tenantFromBody", "tenantFromHeader",
            "tenantConflict", "tenantMissing", "subscribeTenantFromBody", "invokeUnary");

    private NatsServer nats;
    private KitGateway gateway;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServer.start();
        gateway = KitGateway.start(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_HS256_SECRET", SECRET,
                "MIGD_GRPC_ADDR", "127.0.0.1:0", "MIGD_NATS_URL", nats.url()), token("acme", "mig:admin"));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        nats.close();
    }

    private static String token(String tenant, String scope) {
        return Jwts.hs256(SECRET, Jwts.claims(tenant, "kit", scope));
    }

    private MigWire wire(String binding) throws Exception {
        String token = token("acme", "capability:infer");
        return switch (binding) {
            case "http" -> new HttpWire(gateway.baseUrl(), "acme", token);
            case "ws" -> new WebSocketWire(new HttpWire(gateway.baseUrl(), "acme", token));
            case "grpc" -> new GrpcWire(gateway.grpcAddress(), "acme", token);
            default -> new NatsWire(nats.url(), "acme", token);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ws", "grpc", "nats"})
    void theTenantCasesPassWithTokens(String binding) throws Exception {
        KitTarget target = gateway.target().withTokens(tenant -> token(tenant, "capability:infer"));
        try (MigWire wire = wire(binding)) {
            KitContext kit = new KitContext(wire, target);
            for (String id : CASES) {
                ConformanceKit.Result result = ConformanceKit.run(ConformanceKit.byId(id), kit);
                assertThat(result.verdict()).as(binding + " " + id + ": " + result.detail())
                        .isIn(ConformanceKit.Verdict.PASS, ConformanceKit.Verdict.NOT_APPLICABLE);
                if (id.equals("tenantFromToken") && !binding.equals("nats")) {
                    assertThat(result.verdict()).as(binding + " " + id + ": " + result.detail()).isEqualTo(ConformanceKit.Verdict.PASS);
                }
            }
        }
    }
}
