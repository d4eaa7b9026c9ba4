package io.mig.migd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process capability that counts its calls per tenant, so a test can prove that a refused
 * request never reached a provider. A payload {@code {"hold": true}} keeps the call running until
 * {@link #release()}.
 */
final class CountingProvider implements CapabilityProvider {
    static final String SCOPE = "capability:echo";

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile CompletableFuture<Void> gate = new CompletableFuture<>();

    static CapabilityDescriptor descriptor(String id) {
        return new CapabilityDescriptor(id, "1.0.0", List.of(InvocationMode.UNARY), "schema://test/in", "schema://test/out",
                List.of(SCOPE), List.of(), null, "counts its calls");
    }

    @Override
    public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
        total.incrementAndGet();
        calls.computeIfAbsent(context.tenant(), t -> new AtomicInteger()).incrementAndGet();
        ObjectNode answer = MigJson.object().put("tenant", context.tenant()).put("actor", context.principal().actor());
        answer.set("echo", context.payload());
        if (context.payload().path("hold").asBoolean(false)) {
            return gate.thenApply(done -> answer);
        }
        return CompletableFuture.completedFuture(answer);
    }

    int total() {
        return total.get();
    }

    int calls(String tenant) {
        AtomicInteger n = calls.get(tenant);
        return n == null ? 0 : n.get();
    }

    /** Lets every held call finish, and holds the next ones again. */
    void release() {
        CompletableFuture<Void> open = gate;
        gate = new CompletableFuture<>();
        open.complete(null);
    }
}
