package io.mig.binding.nats;

import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.EventMessage;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * migd's one connection to NATS, shared by the request/reply binding, the event mirror and the NATS
 * providers. It exists before the gateway is built (the mirror and the provider factory are handed
 * to the gateway builder) and is connected when the binding starts; until then, and after it is
 * closed, mirroring is skipped and providers answer {@code MIG_UNAVAILABLE}.
 */
final class NatsLink implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("migd.nats");

    private final String url;
    private volatile Connection connection;
    private volatile Runnable onStatusChange = () -> { };

    NatsLink(String url) {
        this.url = url;
    }

    String url() {
        return url;
    }

    /** Called on the client's thread whenever the connection is lost, regained or closed. */
    void onStatusChange(Runnable listener) {
        this.onStatusChange = listener;
    }

    /**
     * Connects, failing fast: a NATS that is not there at start is a configuration error, not
     * something to wait for. Once connected, the client reconnects by itself for ever.
     */
    void connect() throws Exception {
        Options options = new Options.Builder()
                .server(url)
                .connectionName("migd")
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                .reportNoResponders()
                .errorListener(new LoggingErrorListener())
                .connectionListener((conn, event) -> {
                    if (event == io.nats.client.ConnectionListener.Events.DISCONNECTED
                            || event == io.nats.client.ConnectionListener.Events.RECONNECTED) {
                        LOG.log(System.Logger.Level.WARNING, "NATS connection " + event.name().toLowerCase(java.util.Locale.ROOT)
                                + " (" + url + ")");
                    }
                    onStatusChange.run();
                })
                .build();
        try {
            connection = Nats.connect(options);
        } catch (java.io.IOException e) {
            // the message says it all; the client's cause only repeats it
            throw new IllegalStateException("MIGD_NATS_URL: cannot connect to " + url + ": " + e.getMessage());
        }
    }

    /** The live connection, or {@code MIG_UNAVAILABLE} when there is none. */
    Connection connection() {
        Connection c = connection;
        if (c == null || c.getStatus() == Connection.Status.CLOSED) {
            throw MigException.unavailable("migd is not connected to NATS").withDetail("reason", "nats_not_connected");
        }
        return c;
    }

    boolean connected() {
        Connection c = connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    /** Mirrors a published event (guide §13.1); best effort — a NATS outage never fails a PUBLISH. */
    void mirror(EventMessage event) {
        Connection c = connection;
        if (c == null || c.getStatus() == Connection.Status.CLOSED) {
            return;
        }
        String tenant = event.header() == null ? null : event.header().tenantId();
        if (tenant == null || tenant.isEmpty()) {
            return;
        }
        Headers headers = NatsHeaders.of(event.header());
        headers.put(NatsHeaders.MIRROR, "true");
        try {
            c.publish(Subjects.events(tenant, event.topic()), headers, MigJson.encode(event));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "mirroring an event to NATS failed: " + e.getMessage());
        }
    }

    /** Flushes what is pending (mirrored events included) for at most {@code drain}, then closes. */
    @Override
    public void close() {
        Connection c = connection;
        if (c == null) {
            return;
        }
        try {
            c.drain(drainOf(Duration.ofSeconds(2))).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a drain that cannot finish still ends in close
        }
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration drainOf(Duration d) {
        return d.isZero() ? Duration.ofMillis(100) : d;
    }

    /** The client's own complaints (slow consumer, reconnects) go to the log, not to stderr. */
    private static final class LoggingErrorListener implements io.nats.client.ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.log(System.Logger.Level.WARNING, "NATS: " + error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.log(System.Logger.Level.WARNING, "NATS: " + exp);
        }
    }
}
