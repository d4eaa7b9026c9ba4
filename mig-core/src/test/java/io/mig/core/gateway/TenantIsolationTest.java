package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.capability;
import static io.mig.core.gateway.Fixtures.invoke;
import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.error.MigException;
import io.mig.core.memory.InMemoryAuditLog;
import io.mig.core.model.Binding;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.port.in.Principal;
import io.mig.core.port.out.AuditRecord;
import io.mig.core.port.out.Authenticator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One tenant's churn, or an anonymous flood, must not erase another tenant's idempotency results or audit trail. */
class TenantIsolationTest {
    private static CallContext as(String token, String tenantHint) {
        return CallContext.of(Binding.HTTP, new Credentials(token, tenantHint, null));
    }

    /** Accepts the token "acme" and "beta" as those tenants; anything else is unauthenticated. */
    private static final Authenticator TOKENS = credentials -> {
        String token = credentials.bearerToken();
        if ("acme".equals(token) || "beta".equals(token)) {
            return Principal.open(token + "-user", token);
        }
        throw MigException.unauthorized("bad token");
    };

    @Test
    void anotherTenantsUniqueKeysDoNotMakeARetriedPaymentRunTwice() {
        Fixtures.Echo provider = new Fixtures.Echo();
        try (MigGateway gateway = MigGateway.builder().authenticator(TOKENS).capability(capability("acme.pay"), provider).build()) {
            MessageHeader payment = MessageHeader.empty().withIdempotencyKey("payment");
            value(gateway.invoke(as("acme", null), invoke("acme.pay", payload("amount", "10"), payment)));
            for (int i = 0; i < 100_001; i++) {
                gateway.invoke(as("beta", null), invoke("acme.pay", payload("n", "x"),
                        MessageHeader.empty().withIdempotencyKey("churn-" + i))).join();
            }
            int before = provider.calls.get();
            InvokeResponse retried = value(gateway.invoke(as("acme", null), invoke("acme.pay", payload("amount", "10"), payment)));
            assertThat(provider.calls.get()).as("acme's retry must replay, not run again").isEqualTo(before);
            assertThat(retried.payload().path("amount").asText()).isEqualTo("10");
        }
    }

    @Test
    void anAnonymousFloodDoesNotEraseATenantsAuditTrail() {
        InMemoryAuditLog history = new InMemoryAuditLog(10_000);
        try (MigGateway gateway = MigGateway.builder().authenticator(TOKENS).auditSink(history)
                .capability(capability("acme.pay"), new Fixtures.Echo()).build()) {
            InvokeResponse paid = value(gateway.invoke(as("acme", null), invoke("acme.pay", payload("amount", "10"))));
            String id = paid.header().messageId();
            for (int i = 0; i < 10_001; i++) {
                CompletableFuture<InvokeResponse> refused = gateway.invoke(as("forged", "acme"), invoke("acme.pay", payload("a", "b")));
                assertThat(Fixtures.failure(refused).code()).isEqualTo(io.mig.core.error.ErrorCode.MIG_UNAUTHORIZED);
            }
            List<AuditRecord> acme = history.query(r -> "acme".equals(r.tenantId()), 20_000);
            assertThat(acme).extracting(AuditRecord::messageId).contains(id);
            assertThat(acme).as("refusals of unauthenticated callers are not filed under the tenant they claim")
                    .allMatch(r -> AuditRecord.SUCCESS.equals(r.outcome()));
            assertThat(history.size()).as("an anonymous flood is sampled, not stored one by one").isLessThan(100);
        }
    }
}
