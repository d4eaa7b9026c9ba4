package io.mig.conformance;

import io.mig.binding.grpc.GrpcBinding;
import io.mig.conformance.kit.KitTarget;
import io.mig.migd.MigdServer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A real migd started in-process for a kit subclass, with the demo capabilities and the kit's
 * slow capability bound through the admin API to a real {@link SlowProvider}.
 */
final class KitGateway implements AutoCloseable {
    private final SlowProvider slow;
    private final MigdServer server;

    private KitGateway(SlowProvider slow, MigdServer server) {
        this.slow = slow;
        this.server = server;
    }

    /** Starts migd with {@code settings} (e.g. {@code MIGD_GRPC_ADDR}) and registers the slow capability. */
    static KitGateway start(Map<String, String> settings) throws IOException {
        return start(settings, null);
    }

    /** As {@link #start(Map)}; {@code adminToken} authorizes the registration under auth {@code jwt}. */
    static KitGateway start(Map<String, String> settings, String adminToken) throws IOException {
        SlowProvider slow = new SlowProvider();
        MigdServer server;
        try {
            server = MigdServer.start(new HashMap<>(settings));
        } catch (RuntimeException e) {
            slow.close();
            throw e;
        }
        KitGateway gateway = new KitGateway(slow, server);
        String registration = "{\"descriptor\":{\"id\":\"" + KitTarget.SLOW + "\",\"version\":\"1.0.0\","
                + "\"modes\":[\"unary\",\"server_stream\"],\"input_schema_uri\":\"schema://conformance/kit/slow/in\","
                + "\"output_schema_uri\":\"schema://conformance/kit/slow/out\"},"
                + "\"provider\":{\"type\":\"http\",\"url\":\"" + slow.url() + "\"}}";
        MigdServer.Reply reply = adminToken == null
                ? server.post("/admin/v0.1/capabilities", registration, "X-Tenant-ID", "acme")
                : server.post("/admin/v0.1/capabilities", registration, "Authorization", "Bearer " + adminToken);
        if (reply.status() != 201 && reply.status() != 200) {
            gateway.close();
            throw new IllegalStateException("the slow capability was refused: " + reply.status() + " " + reply.body());
        }
        return gateway;
    }

    MigdServer server() {
        return server;
    }

    String baseUrl() {
        return server.baseUrl();
    }

    String grpcAddress() {
        return "127.0.0.1:" + server.migd().binding(GrpcBinding.class).orElseThrow().port();
    }

    /** The demo capabilities and the slow one, auth {@code none}. */
    KitTarget target() {
        return KitTarget.demo().withSlowCapability(KitTarget.SLOW);
    }

    @Override
    public void close() {
        server.close();
        slow.close();
    }
}
