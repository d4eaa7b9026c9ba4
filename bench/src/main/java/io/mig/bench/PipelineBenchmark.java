package io.mig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.admin.schema.SchemaRegistry;
import io.mig.core.demo.DemoCapability;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The core pipeline alone: {@code Invocation.invoke} of the in-process demo capability (SPEC §4.1,
 * every check and the outcome listeners, no transport), with the demo's input and output schemas
 * registered in migd's validator ({@code schema}) or without any validator ({@code none}). Run with
 * {@code -prof gc} for the bytes allocated per call ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {
    @Param({"none", "schema"})
    public String schemas;

    private MigGateway gateway;
    private CallContext call;
    private InvokeRequest request;

    @Setup(Level.Trial)
    public void start() {
        MigGateway.Builder builder = MigGateway.builder().demoCapability();
        if (schemas.equals("schema")) {
            SchemaRegistry registry = new SchemaRegistry(Clock.systemUTC());
            registry.register(DemoCapability.INPUT_SCHEMA_URI, DemoCapability.inputSchema());
            registry.register(DemoCapability.OUTPUT_SCHEMA_URI, DemoCapability.outputSchema());
            builder.schemaValidator(registry);
        }
        gateway = builder.build();
        call = CallContext.of(Binding.HTTP, Credentials.tenant("acme"));
        ObjectNode payload = MigJson.object().put("input", "hello");
        request = new InvokeRequest(MessageHeader.forTenant("acme"), DemoCapability.ID, payload, null);
        InvokeResponse first = gateway.invoke(call, request).join();
        if (!"hello".equals(first.payload().path("result").asText())) {
            throw new IllegalStateException("the demo capability answered " + first.payload());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        gateway.close();
    }

    @Benchmark
    public InvokeResponse invoke() {
        return gateway.invoke(call, request).join();
    }
}
