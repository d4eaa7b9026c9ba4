package io.mig.state.jetstream;

import io.mig.core.error.MigException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;

/**
 * The one place where a NATS or JetStream failure becomes {@code MIG_UNAVAILABLE}: a store method
 * either answers or throws a {@link MigException}, never a jnats or IO exception. A call made while
 * the connection is down fails at once instead of waiting in jnats' reconnect buffer (where a write
 * could still go out after the caller was told it failed).
 */
final class NatsFailures {
    /** JetStream's "no message found" (direct get and message get of an empty subject). */
    static final int NO_MESSAGE_FOUND = 10037;
    /** JetStream's "wrong last sequence": an expected-last-sequence publish lost a race. */
    static final int WRONG_LAST_SEQUENCE = 10071;

    private NatsFailures() {
    }

    /** One call to NATS that may fail in the ways jnats reports. */
    @FunctionalInterface
    interface NatsCall<T> {
        T call() throws Exception;
    }

    /** Runs {@code call} and turns every NATS failure into {@code MIG_UNAVAILABLE} naming {@code what}. */
    static <T> T call(Connection connection, String what, NatsCall<T> call) {
        requireConnected(connection, what);
        try {
            return call.call();
        } catch (MigException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        } catch (Exception e) {
            // IOException, JetStreamApiException, TimeoutException, and the unchecked ones jnats
            // reports a closed connection or a lost request with (IllegalStateException…)
            throw unavailable(what, e);
        }
    }

    static void requireConnected(Connection connection, String what) {
        Connection.Status status = connection.getStatus();
        if (status != Connection.Status.CONNECTED) {
            throw MigException.unavailable("shared state unavailable: " + what + " (NATS connection is "
                    + status.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    static MigException unavailable(String what, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return MigException.unavailable("shared state unavailable: " + what + " (" + reason + ")");
    }

    static boolean isApiError(Throwable e, int apiErrorCode) {
        return e instanceof JetStreamApiException api && api.getApiErrorCode() == apiErrorCode;
    }
}
