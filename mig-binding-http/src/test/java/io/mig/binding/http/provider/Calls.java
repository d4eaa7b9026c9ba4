package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.port.in.Principal;
import io.mig.core.spi.Cancellation;
import io.mig.core.spi.InvocationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Invocation contexts and providers for the provider package's tests, without a gateway around them. */
final class Calls {
    private Calls() {
    }

    static InvocationContext context(MessageHeader header, String bearerToken, boolean completionMayBlock) {
        return context(header, bearerToken, completionMayBlock, new Firing());
    }

    static InvocationContext context(boolean completionMayBlock, Cancellation cancellation) {
        return context(header(), null, completionMayBlock, cancellation);
    }

    static MessageHeader header() {
        return new MessageHeader("0.1", "m-1", null, "acme", "s-1",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k-1", 20_000L, null);
    }

    static InvocationContext context(MessageHeader header, String bearerToken, boolean completionMayBlock,
                                     Cancellation cancellation) {
        CapabilityDescriptor capability = new CapabilityDescriptor("acme.test", "1.0.0", List.of(InvocationMode.UNARY),
                "schema://in", "schema://out", List.of(), List.of(), null, "a test capability");
        ObjectNode payload = MigJson.mapper().createObjectNode().put("q", "life");
        InvokeRequest request = new InvokeRequest(header, "acme.test", payload, null);
        CallContext call = CallContext.of(Binding.HTTP, new Credentials(bearerToken, header.tenantId(), null));
        return new InvocationContext(request, capability, Principal.open("tester", header.tenantId()), call,
                Instant.now().plus(Duration.ofSeconds(20)), Clock.systemUTC(), cancellation, completionMayBlock);
    }

    static InvocationContext context(boolean completionMayBlock) {
        return context(header(), null, completionMayBlock);
    }

    /** A call with {@code left} until its deadline. */
    static InvocationContext lasting(Duration left) {
        InvocationContext base = context(true);
        return new InvocationContext(base.request(), base.capability(), base.principal(), base.call(),
                Instant.now().plus(left), Clock.systemUTC(), new Firing(), true);
    }

    /** An {@code http} provider for {@code url}: on the lean connection, or (lean false) on Jetty's client. */
    static HttpProvider provider(String url, Map<String, String> headers, boolean forwardAuthorization, boolean lean) {
        HttpTarget target = new HttpTarget(java.net.URI.create(url), headers, forwardAuthorization);
        return new HttpProvider(target, ProviderClient.shared(), 1024, lean ? UpstreamPool.of(target) : null);
    }

    /** A cancellation a test fires. */
    static final class Firing implements Cancellation {
        private final java.util.List<Runnable> actions = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile String reason;

        void fire(String why) {
            reason = why;
            actions.forEach(Runnable::run);
        }

        @Override
        public boolean isCancelled() {
            return reason != null;
        }

        @Override
        public Optional<String> reason() {
            return Optional.ofNullable(reason);
        }

        @Override
        public void onCancel(Runnable action) {
            actions.add(action);
            if (reason != null) {
                action.run();
            }
        }
    }
}
