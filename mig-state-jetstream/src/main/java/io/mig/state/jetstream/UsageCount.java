package io.mig.state.jetstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashMap;
import java.util.Map;

/**
 * The value of one usage key {@code (tenant, capability)}: the count, and for each instance that added
 * to it the last batch it applied. A batch whose write timed out may have been applied anyway; before
 * trying again the instance reads the key and skips a batch already listed, so a retry never counts
 * twice. Instances not heard of for a day are dropped from the list (their retries are long over).
 *
 * @param count   successful invocations counted
 * @param batches per instance id, its last applied batch
 */
record UsageCount(@JsonProperty("count") long count, @JsonProperty("batches") Map<String, Batch> batches) {
    static final UsageCount NONE = new UsageCount(0, Map.of());
    private static final long FORGET_AFTER_SECONDS = 24 * 3600;

    UsageCount {
        batches = batches == null ? Map.of() : Map.copyOf(batches);
    }

    /** True when this instance's batch {@code sequence} (or a later one) is already in the count. */
    boolean applied(String instance, long sequence) {
        Batch last = batches.get(instance);
        return last != null && last.sequence() >= sequence;
    }

    UsageCount plus(long amount, String instance, long sequence, long nowEpochSecond) {
        Map<String, Batch> next = new HashMap<>();
        batches.forEach((id, batch) -> {
            if (nowEpochSecond - batch.at() < FORGET_AFTER_SECONDS) {
                next.put(id, batch);
            }
        });
        next.put(instance, new Batch(sequence, nowEpochSecond));
        return new UsageCount(count + amount, next);
    }

    /**
     * @param sequence the batch's number, increasing per instance
     * @param at       when it was applied (epoch second)
     */
    record Batch(@JsonProperty("sequence") long sequence, @JsonProperty("at") long at) {
    }
}
