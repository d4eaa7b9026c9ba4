package io.mig.admin.audit;

/**
 * Who performs a control-plane operation, as its audit record names it.
 *
 * @param actor the caller ({@code anonymous} when unknown)
 * @param binding the transport it came over ({@code http}), or null for the configuration file
 * @param traceparent the caller's trace context, if any
 */
public record Operator(String actor, String binding, String traceparent) {
    /** Mutations made by applying {@code MIGD_CONFIG_FILE}, at start and on every reload. */
    public static final Operator CONFIG_FILE = new Operator("migd-config", null, null);

    public Operator {
        actor = actor == null || actor.isBlank() ? "anonymous" : actor;
    }
}
