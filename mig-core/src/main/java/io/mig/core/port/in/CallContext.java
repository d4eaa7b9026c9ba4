package io.mig.core.port.in;

import io.mig.core.model.Binding;

/**
 * One call as the transport saw it: which binding it arrived on, the unverified credentials, and
 * the remote address (for logs and the connection view). The core authenticates it.
 */
public record CallContext(Binding binding, Credentials credentials, String remoteAddress) {
    public CallContext {
        credentials = credentials == null ? Credentials.NONE : credentials;
    }

    public static CallContext of(Binding binding, Credentials credentials) {
        return new CallContext(binding, credentials, null);
    }
}
