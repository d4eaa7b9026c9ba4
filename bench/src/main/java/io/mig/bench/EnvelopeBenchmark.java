package io.mig.bench;

import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeRequest;
import java.nio.charset.StandardCharsets;
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

/**
 * The request envelope decoded from bytes, as every JSON binding pays it for an INVOKE: a header of
 * a few fields and a payload of ~25 bytes ({@code small}) or ~4 KB ({@code 4k}). {@code decodeTree}
 * is the path the bindings took before the streaming decoder (parse to a tree, bind the tree, which
 * copies the payload); {@code decodeEnvelope} is {@link MigJson#decodeEnvelope}, which reads it in
 * one pass. Run with {@code -prof gc} for the bytes allocated per decode
 * ({@code gc.alloc.rate.norm}): those hold on a loaded machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EnvelopeBenchmark {
    @Param({"small", "4k"})
    public String payload;

    private byte[] body;

    @Setup(Level.Trial)
    public void body() {
        String fields = payload.equals("small") ? "\"input\":\"hello\",\"n\":42" : fields4k();
        body = ("{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"msg-0001\",\"deadline_ms\":5000,"
                + "\"idempotency_key\":\"order-17\"},\"capability\":\"demo.echo\",\"payload\":{" + fields + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** ~4 KB of the payload kinds a tool gets: text, numbers, a nested object, an array. */
    private static String fields4k() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; out.length() < 4000; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append("\"item_").append(i).append("\":{\"name\":\"line item number ").append(i)
                    .append("\",\"qty\":").append(i % 7).append(",\"price\":").append(i).append(".25,\"tags\":[\"a\",\"b\"]}");
        }
        return out.toString();
    }

    @Benchmark
    public InvokeRequest decodeTree() {
        return MigJson.convert(MigJson.readObject(body), InvokeRequest.class);
    }

    @Benchmark
    public InvokeRequest decodeEnvelope() {
        return MigJson.decodeEnvelope(body, InvokeRequest.class, null, header -> { });
    }
}
