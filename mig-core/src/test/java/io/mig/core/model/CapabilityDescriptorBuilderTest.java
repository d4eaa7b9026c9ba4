package io.mig.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.json.MigJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The descriptor builder fills in what the nine-argument record would get as nulls. */
class CapabilityDescriptorBuilderTest {
    @Test
    void defaultsAreOneUnaryVersionOneOpenToEveryone() {
        CapabilityDescriptor d = CapabilityDescriptor.builder("acme.tools.echo").schemas("schema://in", "schema://out").build();
        assertThat(d).isEqualTo(new CapabilityDescriptor("acme.tools.echo", "1.0.0", List.of(InvocationMode.UNARY),
                "schema://in", "schema://out", List.of(), List.of(), null, null));
    }

    @Test
    void everyFieldCanBeSet() {
        QosProfile qos = new QosProfile(1024L, true, DeliverySemantics.AT_LEAST_ONCE, true);
        CapabilityDescriptor d = CapabilityDescriptor.builder("acme.tools.stream").version("2.1.0")
                .modes(InvocationMode.UNARY, InvocationMode.SERVER_STREAM).schemas("schema://in", "schema://out")
                .authScopes("tools:read").eventTopics("acme.tools.done").qos(qos).description("streams").build();
        assertThat(d.version()).isEqualTo("2.1.0");
        assertThat(d.supports(InvocationMode.SERVER_STREAM)).isTrue();
        assertThat(d.authScopes()).containsExactly("tools:read");
        assertThat(d.eventTopics()).containsExactly("acme.tools.done");
        assertThat(d.qos()).isEqualTo(qos);
        assertThat(d.description()).isEqualTo("streams");
        // the same JSON as the record always had
        assertThat(MigJson.convert(MigJson.toObjectNode(d), CapabilityDescriptor.class)).isEqualTo(d);
    }

    @Test
    void schemasAreRequired() {
        assertThatThrownBy(() -> CapabilityDescriptor.builder("acme.tools.echo").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("schemas");
    }
}
