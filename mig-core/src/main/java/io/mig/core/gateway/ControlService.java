package io.mig.core.gateway;

import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.HeartbeatAck;
import io.mig.core.model.HeartbeatRequest;
import io.mig.core.model.Names;
import io.mig.core.error.MigException;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Control;
import io.mig.core.port.out.CancellationStore;
import io.mig.core.port.out.TraceSpan;

/** CANCEL (SPEC §4.7) and HEARTBEAT (SPEC §4.10). */
final class ControlService implements Control {
    static final long MIN_INTERVAL_MS = 1_000;
    static final long MAX_INTERVAL_MS = 60_000;
    static final long DEFAULT_INTERVAL_MS = 5_000;

    private final HeaderResolver headers;
    private final InFlight inFlight;
    private final CancellationStore cancellations;
    private final OperationSpans spans;
    private final OperationSpans.Steps<CancelRequest, CancelAck> cancelSteps = this::cancel;
    private final OperationSpans.Steps<HeartbeatRequest, HeartbeatAck> heartbeatSteps = this::heartbeat;

    ControlService(HeaderResolver headers, InFlight inFlight, CancellationStore cancellations, OperationSpans spans) {
        this.spans = spans;
        this.headers = headers;
        this.inFlight = inFlight;
        this.cancellations = cancellations;
    }

    @Override
    public CancelAck cancel(CallContext call, CancelRequest request) {
        return spans.traced(TraceSpan.OP_CANCEL, call, request, cancelSteps);
    }

    @Override
    public HeartbeatAck heartbeat(CallContext call, HeartbeatRequest request) {
        return spans.traced(TraceSpan.OP_HEARTBEAT, call, request, heartbeatSteps);
    }

    private CancelAck cancel(CallContext call, CancelRequest request, TraceSpan span) {
        String target = request.targetMessageId();
        if (target == null || target.isEmpty()) {
            throw MigException.invalid("target_message_id is required").withDetail("field", "target_message_id");
        }
        Names.checkIdentifier("target_message_id", target);
        if (request.reason() != null && request.reason().length() > 1024) {
            throw MigException.invalid("reason must be at most 1024 characters").withDetail("field", "reason");
        }
        RequestScope scope = headers.resolve(call, request.header(), span);
        String reason = request.reason() == null || request.reason().isEmpty() ? "cancelled by request" : request.reason();
        boolean running = inFlight.cancel(scope.tenant(), target, reason);
        if (!running) {
            cancellations.record(scope.tenant(), target, reason);
        }
        return new CancelAck(scope.header(), target, true, running ? "cancelled" : "recorded");
    }

    private HeartbeatAck heartbeat(CallContext call, HeartbeatRequest request, TraceSpan span) {
        if (request.intervalMs() != null && request.intervalMs() < 0) {
            throw MigException.invalid("interval_ms must not be negative").withDetail("field", "interval_ms");
        }
        RequestScope scope = headers.resolve(call, request.header(), span);
        long asked = request.intervalMs() == null || request.intervalMs() == 0 ? DEFAULT_INTERVAL_MS : request.intervalMs();
        long suggested = Math.max(MIN_INTERVAL_MS, Math.min(MAX_INTERVAL_MS, asked));
        return new HeartbeatAck(scope.header(), suggested, loadFactor());
    }

    double loadFactor() {
        return (double) inFlight.running() / inFlight.capacity();
    }
}
