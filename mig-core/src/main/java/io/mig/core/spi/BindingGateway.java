package io.mig.core.spi;

import io.mig.core.error.MigException;
import io.mig.core.gateway.Caller;
import io.mig.core.gateway.ConnectionLabels;
import io.mig.core.gateway.ErrorRecorder;
import io.mig.core.gateway.EventSubscription;
import io.mig.core.gateway.FrameSink;
import io.mig.core.gateway.StreamSession;
import io.mig.core.model.Binding;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Control;
import io.mig.core.port.in.Discovery;
import io.mig.core.port.in.Events;
import io.mig.core.port.in.Invocation;
import io.mig.core.port.out.Authenticator;
import io.mig.core.port.out.CapabilityStore;
import io.mig.core.port.out.ConnectionRegistry;
import io.mig.core.port.out.GatewayMetrics;
import java.time.Clock;

/**
 * The gateway as a binding sees it: the four protocol ports, what a binding owes the gateway
 * (telling it when it serves, authenticating a stream's upgrade, reporting a request refused before
 * the core saw it, draining), and the typed services a transport needs. It is all a binding is given
 * of the gateway ({@link BindingContext#gateway()}); the registry, the stores and the gateway's
 * lifecycle stay with the application that built it.
 *
 * <p>{@link io.mig.core.gateway.MigGateway} implements it, so an embedder hands its gateway to a
 * binding as it is.
 */
public interface BindingGateway extends Discovery, Invocation, Events, Control {
    // --- what a binding owes the gateway -------------------------------------------------------

    /** Tells the gateway this binding serves, so HELLO can select it. */
    void bindingStarted(Binding binding);

    /** Tells the gateway this binding no longer serves. */
    void bindingStopped(Binding binding);

    /**
     * Authenticates a transport-level call and resolves its tenant, as a stream's upgrade needs
     * (SPEC §3.2): the same checks as every operation, without a body.
     *
     * @throws MigException {@code MIG_UNAUTHORIZED} or {@code MIG_INVALID_REQUEST} as an operation would be refused
     */
    Caller identify(CallContext call);

    /**
     * Authenticates a call and resolves its tenant as an operation carrying {@code header} would (the
     * tenant may come from the transport, the header or the token), for a long-lived call such as a
     * subscription that the binding registers before the core runs it.
     */
    Caller identify(CallContext call, MessageHeader header);

    /**
     * Where the binding records every error it answers (counted once, as {@code errors_total}) and
     * every INVOKE it refuses before the pipeline (e.g. a body that is not JSON; audited), so that
     * every binding's errors are seen alike; see {@link ErrorRecorder}.
     */
    ErrorRecorder errors();

    /**
     * Opens a multiplexed stream connection (a WebSocket, a gRPC {@code StreamInvoke} call) run by the
     * core's {@link StreamSession}: the caller is authenticated (the MIG error is thrown when refused),
     * the connection registered under {@code labels}, at most {@code maxStreams} streams run at once,
     * and running streams end with {@code MIG_UNAUTHORIZED} when the credentials expire. The binding
     * feeds it decoded frames and writes what it hands {@code sink}.
     */
    StreamSession openStreamSession(CallContext call, ConnectionLabels labels, int maxStreams, FrameSink sink);

    /**
     * SUBSCRIBE for a long-lived call (SSE, gRPC {@code Subscribe}), with the subscription lifecycle
     * of {@link EventSubscription}: registered under {@code labels}, counted in the gauge, ended with
     * {@code MIG_UNAUTHORIZED} when the caller's credentials expire, released once.
     *
     * <p>Its events reach the subscriber on a delivery thread shared with other subscriptions, so
     * the subscriber's {@code onNext} must not block: hand the event to a non-blocking writer (a
     * queue drained by async output) and ask for more as it is written.
     */
    EventSubscription openSubscription(CallContext call, SubscribeRequest request, ConnectionLabels labels);

    /** Invocations and streams in flight now, on every binding: what a drain waits for. */
    int inFlight();

    /**
     * Ends every invocation and stream still running with {@code cause} at the end of a drain, so each
     * caller gets an answer; returns how many were ended.
     */
    int abortInFlight(MigException cause);

    /**
     * True when an INVOKE of {@code capability} returns without waiting for I/O or another thread
     * on the caller's thread (the gateway's parts and the capability's provider all say so), so a
     * binding may run it on its transport thread instead of handing it to a worker. False — the
     * default, and whenever in doubt — means it may block.
     */
    default boolean invokesWithoutBlocking(String capability) {
        return false;
    }

    /** In-flight work over capacity, as HEARTBEAT reports it. */
    double loadFactor();

    // --- typed services ----------------------------------------------------------------------------

    /** Where a binding registers its long-lived connections (streams, subscriptions). */
    ConnectionRegistry connections();

    /** Where a binding counts what only it sees (frames, bytes, open streams). */
    GatewayMetrics metrics();

    /** The gateway's clock: token expiry and timers of a binding follow it. */
    Clock clock();

    /** This instance's id, as HELLO reports it. */
    String serverId();

    /** The authenticator, for a binding that checks readiness or admin access with it. */
    Authenticator authenticator();

    /**
     * The registered capabilities, for a binding that lists them in its own terms (MCP's
     * {@code tools/list}). Change them through the application's registry, not here.
     */
    CapabilityStore capabilities();
}
