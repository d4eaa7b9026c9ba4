package io.mig.core.port.out;

import io.mig.core.error.ErrorCode;
import io.mig.core.model.Binding;

/**
 * How one invocation ended, as listeners (audit, metrics, usage) see it.
 *
 * @param capability the capability id, or null when the request named none or an invalid one
 * @param known whether the capability exists (metrics label unknown ones {@code _unknown})
 * @param code null on success
 * @param authenticated whether the caller was authenticated; when not, {@code tenant} is only what
 *                      the caller claimed
 */
public record InvocationOutcome(String tenant, String actor, String capability, boolean known, Binding binding,
                                String messageId, String traceparent, ErrorCode code, long durationNanos,
                                String timestamp, boolean authenticated) {
    /** An outcome of an authenticated caller. */
    public InvocationOutcome(String tenant, String actor, String capability, boolean known, Binding binding,
                             String messageId, String traceparent, ErrorCode code, long durationNanos, String timestamp) {
        this(tenant, actor, capability, known, binding, messageId, traceparent, code, durationNanos, timestamp, true);
    }

    public boolean success() {
        return code == null;
    }
}
