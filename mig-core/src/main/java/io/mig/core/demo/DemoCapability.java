package io.mig.core.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.DeliverySemantics;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.QosProfile;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.StreamItem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The demo capability {@code observatory.models.infer} (SPEC §4.6): an echo "model" so that the
 * user guide works out of the box. Unary: {@code {"result": input, "model": "demo-echo"}};
 * streamed: one {@code {"token": word}} per word of the input, then the unary answer as the
 * terminal item.
 */
public final class DemoCapability implements CapabilityProvider {
    public static final String ID = "observatory.models.infer";
    public static final String INPUT_SCHEMA_URI = "schema://observatory/models/infer/input/v1";
    public static final String OUTPUT_SCHEMA_URI = "schema://observatory/models/infer/output/v1";
    public static final String MODEL = "demo-echo";

    public static final CapabilityDescriptor DESCRIPTOR = CapabilityDescriptor.builder(ID)
            .modes(InvocationMode.UNARY, InvocationMode.SERVER_STREAM)
            .schemas(INPUT_SCHEMA_URI, OUTPUT_SCHEMA_URI)
            .authScopes("capability:infer")
            .eventTopics("observatory.inference.completed")
            .qos(new QosProfile(1_048_576L, true, DeliverySemantics.AT_LEAST_ONCE, true))
            .description("Demo echo model (built in; disable with MIGD_DEMO_CAPABILITIES=false): returns its input.")
            .build();

    private static final long TOKEN_INTERVAL_MS = 20;

    private final Executor pacing = CompletableFuture.delayedExecutor(TOKEN_INTERVAL_MS, TimeUnit.MILLISECONDS);

    /** The input schema: an object with a string {@code input}. */
    public static ObjectNode inputSchema() {
        return schema("input");
    }

    /** The output schema: an object with a string {@code result}. */
    public static ObjectNode outputSchema() {
        return schema("result");
    }

    @Override
    public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
        return CompletableFuture.completedFuture(answer(context.payload()));
    }

    /** An echo computed on the caller's thread. */
    @Override
    public boolean answersWithoutBlocking() {
        return true;
    }

    @Override
    public Flow.Publisher<StreamItem> stream(InvocationContext context) {
        ObjectNode answer = answer(context.payload());
        String[] words = answer.get("result").asText().trim().split("\\s+");
        Emitter<StreamItem> out = new Emitter<>();
        emitFrom(out, words, 0, answer, context);
        return out;
    }

    private void emitFrom(Emitter<StreamItem> out, String[] words, int index, ObjectNode answer, InvocationContext context) {
        if (out.isCancelled() || context.cancellation().isCancelled()) {
            return;
        }
        if (index < words.length && !words[index].isEmpty()) {
            ObjectNode token = MigJson.object().put("token", words[index]);
            out.emit(StreamItem.next(token));
            pacing.execute(() -> emitFrom(out, words, index + 1, answer, context));
            return;
        }
        if (index < words.length) {
            emitFrom(out, words, index + 1, answer, context);
            return;
        }
        out.emit(StreamItem.last(answer));
        out.complete();
    }

    private static ObjectNode answer(ObjectNode payload) {
        if (payload == null || !payload.path("input").isTextual()) {
            // reached only when the schema registry is not in use
            throw MigException.invalid("payload.input must be a string").withDetail("field", "payload.input");
        }
        return MigJson.object().put("result", payload.get("input").asText()).put("model", MODEL);
    }

    private static ObjectNode schema(String requiredString) {
        ObjectNode schema = MigJson.object();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("type", "object");
        schema.putObject("properties").putObject(requiredString).put("type", "string");
        schema.putArray("required").add(requiredString);
        return schema;
    }
}
