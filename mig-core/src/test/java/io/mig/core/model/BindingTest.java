package io.mig.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import org.junit.jupiter.api.Test;

/** A binding is the name it declares; the built-in names stay the constants. */
class BindingTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aNameOfYourOwnIsABindingEqualToItself() {
        assertThat(Binding.of(" TCP ")).isEqualTo(Binding.of("tcp")).hasToString("tcp");
        assertThat(Binding.of("tcp").hashCode()).isEqualTo(Binding.of("tcp").hashCode());
        assertThat(Binding.of("tcp")).isNotEqualTo(Binding.HTTP);
        assertThat(Binding.of("tcp").builtIn()).isFalse();
    }

    @Test
    void builtInNamesGiveTheConstants() {
        assertThat(Binding.of("HTTP")).isSameAs(Binding.HTTP);
        assertThat(Binding.of("grpc")).isSameAs(Binding.GRPC);
        assertThat(Binding.parse("nats")).isSameAs(Binding.NATS);
        assertThat(Binding.MCP.builtIn()).isTrue();
    }

    @Test
    void aNameThatIsNoShortNameIsAnInvalidRequest() {
        for (String bad : new String[] {"", "1tcp", "t cp", "x".repeat(33), "tcp/v2"}) {
            assertThatThrownBy(() -> Binding.of(bad)).as(bad)
                    .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
        }
        assertThat(Binding.of("x".repeat(32)).wire()).hasSize(32);
    }

    @Test
    void parseAcceptsOnlyTheBindingsMigDefines() {
        assertThatThrownBy(() -> Binding.parse("tcp"))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
    }

    @Test
    void onTheWireItIsTheLowercaseName() throws Exception {
        assertThat(json.writeValueAsString(Binding.of("Tcp"))).isEqualTo("\"tcp\"");
        assertThat(json.readValue("\"tcp\"", Binding.class)).isEqualTo(Binding.of("tcp"));
        assertThat(json.readValue("\"GRPC\"", Binding.class)).isSameAs(Binding.GRPC);
    }
}
