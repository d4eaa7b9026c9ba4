package io.mig.binding.nats;

import io.mig.core.model.Binding;
import io.mig.core.spi.BindingGateway;
import io.mig.core.spi.MigBinding;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;

/**
 * migd on NATS: owns the connection (connected at start, drained at stop) that the event mirror
 * and the NATS providers share, and — unless {@code MIGD_ENABLE_NATS_BINDING=false} — serves the
 * request/reply subjects with the queue group {@value #QUEUE_GROUP}, so several migd share the load.
 */
final class NatsBinding implements MigBinding {
    static final String QUEUE_GROUP = "migd";

    private final NatsLink link;
    private final BindingGateway gateway;
    private final boolean requestReply;
    private final long maxBodyBytes;
    private final InFlightReplies inFlight = new InFlightReplies();
    private volatile Dispatcher dispatcher;

    NatsBinding(NatsLink link, BindingGateway gateway, boolean requestReply, long maxBodyBytes) {
        this.link = link;
        this.gateway = gateway;
        this.requestReply = requestReply;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public void start() throws Exception {
        // readiness and the advertised bindings follow the live connection, not the state at start
        link.onStatusChange(this::followConnection);
        link.connect();
        if (!requestReply) {
            return;
        }
        Connection connection = link.connection();
        NatsRequests requests = new NatsRequests(gateway, connection, maxBodyBytes, inFlight);
        Dispatcher d = connection.createDispatcher(requests::handle);
        d.subscribe(Subjects.ALL, QUEUE_GROUP);
        // the subscription is on the server before anyone is told the binding serves
        connection.flush(Duration.ofSeconds(5));
        dispatcher = d;
        gateway.bindingStarted(Binding.NATS);
    }

    @Override
    public String describe() {
        return link.url() + (requestReply ? " (request/reply " + Subjects.ALL + ", mirroring, providers)"
                : " (mirroring, providers)");
    }

    /** Stops taking requests, lets the invocations in flight reply within {@code drain}, then closes. */
    @Override
    public void stop(Duration drain) {
        Dispatcher d = dispatcher;
        dispatcher = null;
        if (d != null) {
            gateway.bindingStopped(Binding.NATS);
            try {
                d.unsubscribe(Subjects.ALL);
            } catch (RuntimeException e) {
                // the connection is already gone: there is nothing left to unsubscribe from
            }
            inFlight.awaitAll(drain);
        }
        link.close();
    }

    /** Ready while connected to NATS; during an outage the client reconnects and this says false. */
    @Override
    public boolean ready() {
        return link.connected();
    }

    private void followConnection() {
        if (dispatcher == null) {
            return; // not serving request/reply (yet, or any more): nothing to advertise
        }
        if (link.connected()) {
            gateway.bindingStarted(Binding.NATS);
        } else {
            gateway.bindingStopped(Binding.NATS);
        }
    }

    boolean serving() {
        return dispatcher != null;
    }

    int pendingReplies() {
        return inFlight.size();
    }

}
