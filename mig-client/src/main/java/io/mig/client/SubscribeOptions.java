package io.mig.client;

/**
 * What a subscription asks of the gateway (SPEC §3.4). Immutable; every method returns a copy.
 *
 * @param resumeAfter only events with a greater sequence; null replays every retained event first
 * @param consumerId  names the consumer in the gateway's connection view
 * @param maxInflight the gateway's bound on live events queued for this subscriber (default 1024)
 * @param reconnect   how to reconnect; null uses the client's policy
 */
public record SubscribeOptions(Long resumeAfter, String consumerId, Integer maxInflight, Reconnect reconnect) {
    private static final SubscribeOptions DEFAULTS = new SubscribeOptions(null, null, null, null);

    public SubscribeOptions {
        if (resumeAfter != null && resumeAfter < 0) {
            throw new IllegalArgumentException("resumeAfter must not be negative: " + resumeAfter);
        }
        if (maxInflight != null && maxInflight < 1) {
            throw new IllegalArgumentException("maxInflight must be positive: " + maxInflight);
        }
    }

    /** Every retained event, then live ones. */
    public static SubscribeOptions defaults() {
        return DEFAULTS;
    }

    public SubscribeOptions resumeAfter(long sequence) {
        return new SubscribeOptions(sequence, consumerId, maxInflight, reconnect);
    }

    public SubscribeOptions consumerId(String value) {
        return new SubscribeOptions(resumeAfter, value, maxInflight, reconnect);
    }

    public SubscribeOptions maxInflight(int value) {
        return new SubscribeOptions(resumeAfter, consumerId, value, reconnect);
    }

    public SubscribeOptions reconnect(Reconnect value) {
        return new SubscribeOptions(resumeAfter, consumerId, maxInflight, value);
    }
}
