package io.mig.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.ProviderFactory;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link MigGateway#invokesWithoutBlocking}: what a binding asks before it runs an INVOKE on its
 * transport thread — the gateway's parts and the capability's provider, in-process or built from a
 * provider block, must all say nothing blocks.
 */
class InvokesWithoutBlockingTest {
    @Test
    void aProviderBuiltFromABlockAnswersForItselfWhileThatBlockIsTheRegistrations() {
        try (MigGateway gateway = MigGateway.builder().pipelineWithoutBlocking(true).providerFactory(new Declared()).build()) {
            gateway.register(new CapabilityRegistration(Fixtures.capability("acme.tools.lean"), block(true)));
            gateway.register(new CapabilityRegistration(Fixtures.capability("acme.tools.slow"), block(false)));
            assertThat(gateway.invokesWithoutBlocking("acme.tools.lean")).isTrue();
            assertThat(gateway.invokesWithoutBlocking("acme.tools.slow")).isFalse();
            assertThat(gateway.invokesWithoutBlocking("acme.tools.unknown")).isFalse();

            gateway.register(new CapabilityRegistration(Fixtures.capability("acme.tools.lean"), block(false)));
            assertThat(gateway.invokesWithoutBlocking("acme.tools.lean")).as("the replacement block's provider").isFalse();
            // and the answer still comes from the provider built for the block now registered
            ObjectNode answer = Fixtures.value(gateway.invoke(Fixtures.tenant("acme"),
                    Fixtures.invoke("acme.tools.lean", MigJson.object()))).payload();
            assertThat(answer.path("without_blocking").asBoolean(true)).isFalse();
        }
    }

    @Test
    void aGatewayThatMayBlockSaysSoForEveryProvider() {
        try (MigGateway gateway = MigGateway.builder().pipelineWithoutBlocking(false).providerFactory(new Declared()).build()) {
            gateway.register(new CapabilityRegistration(Fixtures.capability("acme.tools.lean"), block(true)));
            assertThat(gateway.invokesWithoutBlocking("acme.tools.lean")).isFalse();
        }
    }

    private static ObjectNode block(boolean withoutBlocking) {
        return MigJson.object().put("type", "declared").put("without_blocking", withoutBlocking);
    }

    /** Builds providers that declare what their block says. */
    private static final class Declared implements ProviderFactory {
        @Override
        public String type() {
            return "declared";
        }

        @Override
        public CapabilityProvider create(ObjectNode spec) {
            boolean withoutBlocking = spec.path("without_blocking").asBoolean();
            return new CapabilityProvider() {
                @Override
                public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
                    return CompletableFuture.completedFuture(MigJson.object().put("without_blocking", withoutBlocking));
                }

                @Override
                public boolean answersWithoutBlocking() {
                    return withoutBlocking;
                }
            };
        }
    }
}
