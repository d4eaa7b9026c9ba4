package io.mig.binding.grpc;

import io.mig.core.spi.BindingContext;
import io.mig.core.spi.ListenAddress;
import io.mig.core.spi.MigBinding;
import io.mig.core.spi.MigBindingProvider;
import io.mig.core.spi.Settings;

/**
 * Finds the gRPC binding for {@code migd}: enabled when {@code MIGD_GRPC_ADDR} is set (e.g. {@code :9090});
 * TLS from the settings {@link GrpcTls} reads.
 */
public final class GrpcBindingProvider implements MigBindingProvider {
    static final String ADDRESS = "MIGD_GRPC_ADDR";

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public boolean enabled(Settings settings) {
        return settings.get(ADDRESS).isPresent();
    }

    /** @throws IllegalArgumentException naming the setting ({@code MIGD_GRPC_ADDR}, a TLS file) that cannot work */
    @Override
    public MigBinding create(BindingContext context) {
        ListenAddress address;
        try {
            address = ListenAddress.parse(context.settings().get(ADDRESS).orElse(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ADDRESS + ": " + e.getMessage(), e);
        }
        return new GrpcBinding(context.gateway(), address, GrpcTls.credentials(context.settings()));
    }
}
