package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.mig.binding.grpc.GrpcBinding;
import io.mig.binding.grpc.v0_1.BindingType;
import io.mig.binding.grpc.v0_1.HelloRequest;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.http.HttpBinding;
import io.mig.core.model.Binding;
import io.mig.core.spi.MigBinding;
import io.mig.core.spi.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** migd runs with any enabled set of bindings ({@code MIGD_BINDINGS}), HTTP included or not. */
class BindingSetTest {
    @Test
    void withoutHttpMigdServesOverGrpcAndSaysHttpIsOff() throws Exception {
        Migd migd = Migd.create(Settings.of(Map.of("MIGD_BINDINGS", "grpc", "MIGD_GRPC_ADDR", "127.0.0.1:0",
                "MIGD_ADDR", "127.0.0.1:0")));
        try {
            migd.start();
            assertThat(migd.bindings()).extracting(MigBinding::name).containsExactly("grpc");
            assertThat(migd.binding(HttpBinding.class)).isEmpty();
            assertThat(migd.gateway().enabledBindings()).containsExactly(Binding.GRPC);
            assertThat(migd.summary()).contains("serving grpc ").contains("http=off");
            try (GrpcClient client = new GrpcClient(migd.binding(GrpcBinding.class).orElseThrow().port(), "acme", null)) {
                var hello = client.discovery().hello(HelloRequest.newBuilder()
                        .addRequestedBindings(BindingType.BINDING_TYPE_HTTP)
                        .addRequestedBindings(BindingType.BINDING_TYPE_GRPC).build());
                assertThat(hello.getSelectedBinding()).isEqualTo(BindingType.BINDING_TYPE_GRPC); // http is not on
                var answer = client.invocation().invoke(InvokeRequest.newBuilder().setCapability("observatory.models.infer")
                        .setPayload(Struct.newBuilder().putFields("input", Value.newBuilder().setStringValue("a b").build()))
                        .build());
                assertThat(answer.getCapability()).isEqualTo("observatory.models.infer");
            }
        } finally {
            migd.stop(Duration.ZERO);
        }
    }

    @Test
    void withoutTheSettingEveryConfiguredBindingStartsHttpIncluded() {
        Migd migd = Migd.create(Settings.of(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_GRPC_ADDR", "127.0.0.1:0")));
        try {
            assertThat(migd.bindings()).extracting(MigBinding::name).containsExactly("http", "grpc");
        } finally {
            migd.stop(Duration.ZERO);
        }
    }

    @Test
    void aListedBindingThatIsMissingOrOffStopsTheStart() {
        assertThatThrownBy(() -> Migd.create(Settings.of(Map.of("MIGD_BINDINGS", "grpc"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MIGD_BINDINGS").hasMessageContaining("'grpc'");
        assertThatThrownBy(() -> Migd.create(Settings.of(Map.of("MIGD_BINDINGS", "http,carrier-pigeon"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MIGD_BINDINGS").hasMessageContaining("carrier-pigeon");
        assertThatThrownBy(() -> Migd.create(Settings.of(Map.of("MIGD_BINDINGS", " , "))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no binding is enabled");
    }
}
