package io.mig.core.spi;

import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * What a failed exchange with a provider tells the caller: a fixed reason chosen from the kind of
 * failure, never the transport library's own message. Those messages name the provider's address,
 * path and connection state (Jetty's include a dump of the connection), which are internals of the
 * deployment, not something a caller may read. The whole failure goes to the log at debug level,
 * where the operator finds it.
 *
 * <pre>{@code
 * throw ProviderFailures.unreachable("the provider", failure);
 * // MIG_UNAVAILABLE "the provider is unreachable: the connection was refused", details.reason = "connection_refused"
 * }</pre>
 */
public final class ProviderFailures {
    private static final System.Logger LOG = System.getLogger(ProviderFailures.class.getName());

    /** The kinds of failure a caller is told about, as {@code details.reason} and a phrase for the message. */
    public enum Reason {
        CONNECTION_REFUSED("connection_refused", "the connection was refused"),
        UNRESOLVED_HOST("unresolved_host", "its host name does not resolve"),
        TIMEOUT("timeout", "it did not answer in time"),
        TLS("tls", "the TLS handshake failed"),
        CONNECTION_CLOSED("connection_closed", "the connection closed before the answer was complete"),
        IO_ERROR("io_error", "the connection failed"),
        UNEXPECTED("unexpected", "an unexpected error occurred");

        private final String wire;
        private final String phrase;

        Reason(String wire, String phrase) {
            this.wire = wire;
            this.phrase = phrase;
        }

        /** The value of {@code details.reason}. */
        public String wire() {
            return wire;
        }

        /** The words that end the error message. */
        public String phrase() {
            return phrase;
        }
    }

    private ProviderFailures() {
    }

    /** The kind of a failure, looking through the wrappers of futures. */
    public static Reason reason(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return Reason.CONNECTION_REFUSED;
        }
        if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
            return Reason.UNRESOLVED_HOST;
        }
        if (cause instanceof TimeoutException || cause instanceof InterruptedIOException) {
            return Reason.TIMEOUT; // SocketTimeoutException and the JDK's HttpTimeoutException are InterruptedIOExceptions
        }
        if (cause instanceof SSLException) {
            return Reason.TLS;
        }
        if (cause instanceof EOFException || cause instanceof ClosedChannelException) {
            return Reason.CONNECTION_CLOSED; // Jetty's EofException is an EOFException
        }
        if (cause instanceof IOException) {
            return Reason.IO_ERROR;
        }
        return Reason.UNEXPECTED;
    }

    /**
     * A provider that could not be reached or broke off: {@code MIG_UNAVAILABLE} (retryable).
     *
     * @param provider how the message names the provider, e.g. {@code "the provider"}, {@code "the MCP server"}
     */
    public static MigException unreachable(String provider, Throwable failure) {
        Reason reason = reason(failure);
        log(provider, failure);
        return MigException.unavailable(provider + " is unreachable: " + reason.phrase()).withDetail("reason", reason.wire());
    }

    /** A call that failed for another reason: {@code MIG_INTERNAL} with HTTP status 502 (the provider misbehaved). */
    public static MigException failed(String provider, Throwable failure) {
        Reason reason = reason(failure);
        log(provider, failure);
        return MigException.internal("the call to " + provider + " failed: " + reason.phrase()).withReason(ErrorReason.PROVIDER_FAILED)
                .withDetail("reason", reason.wire());
    }

    private static void log(String provider, Throwable failure) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            Throwable cause = unwrap(failure);
            LOG.log(System.Logger.Level.DEBUG, "call to " + provider + " failed: " + cause.getClass().getName() + ": " + cause.getMessage());
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
