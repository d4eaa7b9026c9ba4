package io.mig.migd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderFactory;
import java.util.concurrent.CompletableFuture;

/**
 * A provider type for tests ({@code {"type":"test-echo","reply":{...}}}): answers with its
 * {@code reply} merged with the request payload, so tests can register capabilities that are routed
 * by a provider block and control what the provider returns.
 */
public final class EchoProviderFactory implements ProviderFactory {
    @Override
    public String type() {
        return "test-echo";
    }

    @Override
    public CapabilityProvider create(ObjectNode spec) {
        if (spec.has("reply") && !spec.get("reply").isObject()) {
            throw MigException.invalid("provider.reply must be an object").withDetail("field", "provider.reply");
        }
        ObjectNode reply = spec.has("reply") ? (ObjectNode) spec.get("reply") : MigJson.object();
        return context -> {
            ObjectNode answer = context.payload().deepCopy();
            answer.setAll(reply.deepCopy());
            return CompletableFuture.completedFuture(answer);
        };
    }
}
