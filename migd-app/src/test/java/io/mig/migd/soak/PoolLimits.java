package io.mig.migd.soak;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The thread pools of migd that have a configured maximum, by their {@link Census#pool} name. Such
 * a pool grows to the largest burst it has served and gives back at most one idle thread per idle
 * timeout (Jetty's {@code QueuedThreadPool}: 60 s), so its size after a burst says nothing about a
 * leak; what does is more threads than its maximum (a second pool of the same name, one per
 * restart, say). Every other thread is judged by the {@link Growth.Statistic#FLOOR} rule.
 */
record PoolLimits(String pool, int maximum, String where) {
    static final List<PoolLimits> KNOWN = List.of(
            new PoolLimits("JettyServerThreadPool-#", 250, "Javalin 7's server pool (JettyServer.defaultThreadPool: 8–250)"),
            new PoolLimits("mig-provider-#", 200, "the HTTP provider client's QueuedThreadPool(200, 4) (ProviderClient)"),
            // Netty's event loops: at most two per core; the soak's machine may have more cores than this one
            new PoolLimits("grpc-default-worker-ELG-#-#", 2 * Runtime.getRuntime().availableProcessors(),
                    "gRPC's Netty worker event loops (2 per core)"),
            new PoolLimits("grpc-nio-worker-ELG-#-#", 2 * Runtime.getRuntime().availableProcessors(),
                    "gRPC's Netty NIO worker event loops (2 per core)"));

    static Optional<PoolLimits> of(String pool) {
        return KNOWN.stream().filter(limit -> limit.pool.equals(pool)).findFirst();
    }

    /** The threads of {@code threads} in no pool of {@link #KNOWN}. */
    static long unbounded(Map<String, Integer> threads) {
        return threads.entrySet().stream().filter(e -> of(e.getKey()).isEmpty()).mapToLong(Map.Entry::getValue).sum();
    }
}
