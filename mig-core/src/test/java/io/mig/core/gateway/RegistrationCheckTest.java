package io.mig.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MigGateway#check}: the checks of {@code register}, the provider built, and nothing stored or rebound. */
class RegistrationCheckTest {
    private final AtomicInteger built = new AtomicInteger();
    private final MigGateway gateway = MigGateway.builder().providerFactory(new ProviderFactory() {
        @Override
        public String type() {
            return "answer";
        }

        @Override
        public CapabilityProvider create(ObjectNode spec) {
            built.incrementAndGet();
            String text = spec.path("text").asText();
            return context -> CompletableFuture.completedFuture(MigJson.object().put("text", text));
        }
    }).build();

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void aValidRegistrationIsCheckedByBuildingItsProviderAndNotStored() {
        gateway.check(new CapabilityRegistration(Fixtures.capability("acme.tools.a"), answer("checked")));
        assertThat(built).hasValue(1);
        assertThat(gateway.capabilities().find("acme.tools.a")).isEmpty();
    }

    @Test
    void checkingAReplacementLeavesTheRegisteredProviderServing() {
        gateway.register(new CapabilityRegistration(Fixtures.capability("acme.tools.a"), answer("registered")));
        gateway.check(new CapabilityRegistration(Fixtures.capability("acme.tools.a"), answer("only checked")));
        ObjectNode answer = Fixtures.value(gateway.invoke(Fixtures.tenant("acme"),
                Fixtures.invoke("acme.tools.a", MigJson.object()))).payload();
        assertThat(answer.path("text").asText()).isEqualTo("registered");
    }

    @Test
    void whatRegisterRefusesCheckRefusesWithTheSameField() {
        CapabilityDescriptor badVersion = new CapabilityDescriptor("acme.tools.b", "one", Fixtures.capability("x").modes(),
                "schema://in", "schema://out", List.of(), List.of(), null, null);
        assertThatThrownBy(() -> gateway.check(new CapabilityRegistration(badVersion, answer("x"))))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
        ObjectNode unknownType = MigJson.object().put("type", "carrier-pigeon");
        assertThatThrownBy(() -> gateway.check(new CapabilityRegistration(Fixtures.capability("acme.tools.c"), unknownType)))
                .isInstanceOfSatisfying(MigException.class,
                        e -> assertThat(e.details().path("field").asText()).isEqualTo("provider.type"));
        assertThat(gateway.capabilities().list()).isEmpty();
    }

    private static ObjectNode answer(String text) {
        return MigJson.object().put("type", "answer").put("text", text);
    }
}
