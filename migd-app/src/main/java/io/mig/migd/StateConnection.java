package io.mig.migd;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one NATS connection that holds the gateway's state with {@code MIGD_STATE=jetstream} — apart
 * from the NATS binding's own connection, so that serving MIG over NATS and keeping state there stay
 * independent choices. It is opened before the gateway is built (the stores need it to create their
 * buckets and load their copies) and then reconnects by itself for ever, with a growing pause.
 */
final class StateConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("migd.state");
    /** The first retry comes at once (a NATS node restarting is back within a second or two) … */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    /** … later ones no further apart than this, so recovery is noticed within a few seconds. */
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private final Connection connection;
    private final String servers;

    private StateConnection(Connection connection, String servers) {
        this.connection = connection;
        this.servers = servers;
    }

    /**
     * Connects to the first server of {@code config}'s list that answers, failing fast: state that
     * cannot be reached at start stops the start (exit 1, as for the NATS binding) instead of
     * serving without it; a URL that is not a NATS URL is a configuration error (exit 2).
     */
    static StateConnection open(StateConfig config) {
        String servers = config.natsUrl().orElseThrow();
        String[] urls = Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        Options options = new Options.Builder()
                .servers(urls)
                .connectionName("migd-state " + config.instanceId())
                .connectionTimeout(config.timeout())
                .maxReconnects(-1)
                .reconnectDelayHandler(StateConnection::pause)
                // a store call made during an outage fails with MIG_UNAVAILABLE at once; buffered, it
                // would be sent after the reconnect although its caller was already told it failed
                .reconnectBufferSize(0)
                .errorListener(new LoggingErrorListener())
                .connectionListener(new OutageLog())
                .build();
        try {
            return new StateConnection(Nats.connect(options), servers);
        } catch (IOException e) {
            throw new CannotStartException("MIGD_NATS_URL: cannot connect to " + servers
                    + " for MIGD_STATE=jetstream: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CannotStartException("MIGD_NATS_URL: interrupted while connecting to " + servers);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("MIGD_NATS_URL: " + e.getMessage());
        }
    }

    /** 100 ms, 200 ms, 400 ms … up to 2 s between attempts; jnats adds its own jitter on top. */
    static Duration pause(long attempts) {
        long shift = Math.min(Math.max(attempts - 1, 0), 10);
        return Duration.ofMillis(Math.min(FIRST_PAUSE.toMillis() << shift, LONGEST_PAUSE.toMillis()));
    }

    Connection connection() {
        return connection;
    }

    /** True while connected: {@code /readyz} reports it as {@code state_jetstream}. */
    boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    String servers() {
        return servers;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Says when the state is lost and back; the failed attempts of a start that cannot connect say nothing. */
    private static final class OutageLog implements ConnectionListener {
        private volatile boolean connectedOnce;

        @Override
        public void connectionEvent(Connection connection, Events event) {
            switch (event) {
                case CONNECTED -> connectedOnce = true;
                case DISCONNECTED -> {
                    if (connectedOnce) {
                        LOG.log(System.Logger.Level.WARNING, "state: NATS connection lost;"
                                + " calls that need shared state answer MIG_UNAVAILABLE until it is back");
                    }
                }
                case RECONNECTED -> LOG.log(System.Logger.Level.WARNING, "state: NATS connection back ("
                        + connection.getConnectedUrl() + ")");
                default -> LOG.log(System.Logger.Level.DEBUG, "state: NATS " + event.name().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** The client's own complaints go to the log, not to stderr. */
    private static final class LoggingErrorListener implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.log(System.Logger.Level.WARNING, "state: NATS: " + error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.log(System.Logger.Level.DEBUG, "state: NATS: " + exp);
        }
    }
}
