package io.mig.state.jetstream;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the KV-backed stores (capabilities, schemas, MCP servers, quotas, usage) use JetStream.
 *
 * <pre>{@code
 * JetStreamKvOptions options = JetStreamKvOptions.defaults().withReplicas(3);
 * CapabilityStore capabilities = new JetStreamCapabilityStore(connection, options);
 * }</pre>
 *
 * @param prefix        starts every bucket name ({@code MIGD} gives {@code MIGD_CAPABILITIES}, …);
 *                      letters, digits, {@code _} and {@code -}
 * @param replicas      JetStream replicas of a bucket created by a store (1 on a single server, 3 on
 *                      a three-node cluster); an existing bucket is used as it is
 * @param timeout       how long one JetStream call, and the initial load of a bucket, may take before
 *                      the store answers {@code MIG_UNAVAILABLE}
 * @param usageFlush    how often the usage store applies the increments it batched
 */
public record JetStreamKvOptions(String prefix, int replicas, Duration timeout, Duration usageFlush) {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public JetStreamKvOptions {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("bucket prefix must be 1-32 letters, digits, '_' or '-': " + prefix);
        }
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("replicas must be 1 to 5 (JetStream's limit): " + replicas);
        }
        requirePositive(timeout, "timeout");
        requirePositive(usageFlush, "usageFlush");
    }

    /** Prefix {@code MIGD}, 1 replica, 2 s timeout, usage applied every second. */
    public static JetStreamKvOptions defaults() {
        return new JetStreamKvOptions("MIGD", 1, Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    public JetStreamKvOptions withPrefix(String value) {
        return new JetStreamKvOptions(value, replicas, timeout, usageFlush);
    }

    public JetStreamKvOptions withReplicas(int value) {
        return new JetStreamKvOptions(prefix, value, timeout, usageFlush);
    }

    public JetStreamKvOptions withTimeout(Duration value) {
        return new JetStreamKvOptions(prefix, replicas, value, usageFlush);
    }

    public JetStreamKvOptions withUsageFlush(Duration value) {
        return new JetStreamKvOptions(prefix, replicas, timeout, value);
    }

    /** The name of one of the stores' buckets, e.g. {@code MIGD_CAPABILITIES}. */
    String bucket(String suffix) {
        return prefix + "_" + suffix;
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
