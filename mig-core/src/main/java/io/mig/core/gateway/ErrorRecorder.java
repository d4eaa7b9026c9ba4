package io.mig.core.gateway;

import io.mig.core.error.MigException;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.GatewayMetrics;

/**
 * The one place where the errors a gateway answers are recorded, whatever the binding: every error
 * answered is counted in {@code mig_gateway_errors_total{code, operation}}, and an INVOKE that a
 * binding refused before it reached the invocation pipeline is audited like one the pipeline
 * refused. Bindings call it from their error-mapping class, once for each error they answer
 * (a unary reply, a status, an error frame); they never count errors themselves.
 *
 * <pre>{@code
 * MigException error = gateway.errors().answered("invoke", failure); // counted
 * reply(statusOf(error), envelope(error));
 * }</pre>
 */
public final class ErrorRecorder {
    private final GatewayMetrics metrics;
    private final InvocationService invocation;

    ErrorRecorder(GatewayMetrics metrics, InvocationService invocation) {
        this.metrics = metrics;
        this.invocation = invocation;
    }

    /**
     * An error answered for {@code operation} ({@code hello}, {@code discover}, {@code invoke},
     * {@code stream}, {@code publish}, {@code subscribe}, {@code cancel}, {@code heartbeat}, or a
     * binding's own such as {@code admin}): counted once.
     *
     * @return the failure as a MIG error (unknown failures become {@code MIG_INTERNAL})
     */
    public MigException answered(String operation, Throwable error) {
        MigException e = MigException.from(error);
        metrics.error(e.code(), operation);
        return e;
    }

    /**
     * An INVOKE the binding refused before handing it to the core (a body that is not JSON, a frame
     * naming a stream already running, a request during a drain): audited and reported to the
     * invocation listeners (metrics, usage) as the pipeline reports its own failures. The answer
     * that carries it is counted by {@link #answered}.
     *
     * @param capability the capability the request named, or null when it named none
     */
    public void invokeRefused(CallContext call, String capability, Throwable error) {
        invocation.refused(call, capability, error);
    }
}
