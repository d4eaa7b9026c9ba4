package io.mig.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.gateway.MigGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A binding reads the application's services back typed, by key, and the four ports are the gateway's. */
class BindingContextTest {
    private static final ServiceKey<StringBuilder> JOURNAL = ServiceKey.of("journal", StringBuilder.class);

    @Test
    void aBoundServiceIsReadBackUnderItsKeyAndOnlyThere() {
        try (MigGateway gateway = MigGateway.builder().build()) {
            StringBuilder journal = new StringBuilder();
            BindingContext context = BindingContext.builder(gateway, Settings.of(Map.of("MIGD_X", "1")))
                    .service(JOURNAL, journal)
                    .service(ServiceKey.of("absent", String.class), null)
                    .build();
            assertThat(context.service(JOURNAL)).containsSame(journal);
            assertThat(context.service(ServiceKey.of("journal", StringBuilder.class))).containsSame(journal);
            assertThat(context.service(ServiceKey.of("journal", CharSequence.class))).isEmpty(); // another type, another key
            assertThat(context.service(ServiceKey.of("absent", String.class))).isEmpty();
            assertThat(context.settings().get("MIGD_X")).contains("1");
            assertThat(context.readiness().get()).isEmpty();
        }
    }

    @Test
    void theFourPortsAndTheServicesAreTheGatewaysOwn() {
        try (MigGateway gateway = MigGateway.builder().build()) {
            BindingContext context = BindingContext.builder(gateway, Settings.of(Map.of()))
                    .readiness(() -> Map.of("store", false))
                    .build();
            assertThat(context.discovery()).isSameAs(gateway);
            assertThat(context.invocation()).isSameAs(gateway);
            assertThat(context.events()).isSameAs(gateway);
            assertThat(context.control()).isSameAs(gateway);
            assertThat(context.gateway().connections()).isSameAs(gateway.connections());
            assertThat(context.readiness().get()).containsEntry("store", false);
        }
    }
}
