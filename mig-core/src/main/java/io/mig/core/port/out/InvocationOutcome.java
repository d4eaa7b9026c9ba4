package io.mig.core.port.out;

import io.mig.core.error.ErrorCode;
import io.mig.core.model.Binding;

/**
 * How one invocation ended, as listeners (audit, metrics, usage) see it.
 *
 * @param capability the capability id, or null when the request named none or an invalid one
 * @param known whether the capability exists (metrics label unknown ones {@code _unknown})
 * @param code null on success
 */
public record InvocationOutcome(String tenant, String actor, String capability, boolean known, Binding binding,
                                String messageId, String traceparent, ErrorCode code, long durationNanos,
                                String timestamp) {
    public boolean success() {
        return code == null;
    }
}
