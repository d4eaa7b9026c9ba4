import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.spi.Settings;
import io.mig.migd.Migd;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts migd (configured by the environment, like the real one) with the benchmark capability
 * {@code bench.echo} bound to the HTTP provider at {@code BENCH_UPSTREAM_URL}. Run with
 * {@code java -cp migd-app/target/migd.jar bench/BenchMigd.java}; stop it with SIGTERM.
 */
public class BenchMigd {
    public static void main(String[] args) throws Exception {
        String level = System.getenv().getOrDefault("MIGD_LOG_LEVEL", "info");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        Map<String, String> env = new HashMap<>(System.getenv());
        Migd migd = Migd.create(Settings.of(env));
        ObjectNode provider = MigJson.object()
                .put("type", "http")
                .put("url", System.getenv("BENCH_UPSTREAM_URL"))
                .put("max_concurrency", Integer.parseInt(System.getenv().getOrDefault("BENCH_MAX_CONCURRENCY", "1024")));
        CapabilityDescriptor descriptor = new CapabilityDescriptor("bench.echo", "1.0.0", List.of(InvocationMode.UNARY),
                "schema://bench/echo/in", "schema://bench/echo/out", List.of(), List.of(), null, "benchmark capability");
        migd.gateway().register(new CapabilityRegistration(descriptor, provider));
        Runtime.getRuntime().addShutdownHook(new Thread(migd::stop));
        migd.start();
        System.out.println("ready: " + migd.summary());
    }
}
