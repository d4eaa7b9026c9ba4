package io.mig.core.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.EventMessage;
import io.mig.core.model.Names;
import io.mig.core.model.PublishAck;
import io.mig.core.model.PublishRequest;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Events;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.StoredEvent;
import io.mig.core.port.out.TraceSpan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/** PUBLISH and SUBSCRIBE over per-tenant event streams (SPEC §3.4, §4.9). */
final class EventService implements Events {
    static final int MAX_INFLIGHT_CEILING = 65_536;

    private final HeaderResolver headers;
    private final EventLog log;
    private final Executor delivery;
    private final DeliveryLanes lanes;
    private final GatewayMetrics metrics;
    private final GatewayLimits limits;
    private final List<Consumer<EventMessage>> publishListeners;
    private final OperationSpans spans;
    private final ConnectionLeases leases;
    private final OperationSpans.Steps<PublishRequest, PublishAck> publishSteps = this::publish;

    EventService(HeaderResolver headers, EventLog log, Executor delivery, DeliveryLanes lanes, GatewayMetrics metrics, GatewayLimits limits,
                 List<Consumer<EventMessage>> publishListeners, OperationSpans spans, ConnectionLeases leases) {
        this.spans = spans;
        this.leases = leases;
        this.headers = headers;
        this.log = log;
        this.delivery = delivery;
        this.lanes = lanes;
        this.metrics = metrics;
        this.limits = limits;
        this.publishListeners = publishListeners;
    }

    @Override
    public PublishAck publish(CallContext call, PublishRequest request) {
        return spans.traced(TraceSpan.OP_PUBLISH, call, request, publishSteps);
    }

    private PublishAck publish(CallContext call, PublishRequest request, TraceSpan span) {
        span.attribute(TraceSpan.TOPIC, request.topic());
        String topic = Names.requireTopic(request.topic());
        Names.checkIdentifier("key", request.key());
        ObjectNode payload = request.payload() == null ? MigJson.object() : request.payload();
        RequestScope scope = headers.resolve(call, request.header(), span);
        StoredEvent event = log.append(scope.tenant(), topic, request.key(), payload, scope.header());
        metrics.eventPublished(scope.tenant(), topic);
        EventMessage message = new EventMessage(event.header(), topic, event.eventId(), event.sequence(),
                event.payload(), event.publishedAt(), false);
        for (Consumer<EventMessage> listener : publishListeners) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                System.getLogger(EventService.class.getName()).log(System.Logger.Level.WARNING,
                        "publish listener failed: " + e);
            }
        }
        return new PublishAck(scope.header(), topic, event.eventId(), event.sequence(), true);
    }

    /** The span covers opening the subscription (checks, cursor), not the events delivered later. */
    @Override
    public Flow.Publisher<EventMessage> subscribe(CallContext call, SubscribeRequest request) {
        return open(call, request, null);
    }

    /**
     * SUBSCRIBE for a binding's long-lived call: the subscription is registered in the connection
     * view under {@code labels}, counted in the gauge and ended when the caller's credentials expire.
     */
    EventSubscription open(CallContext call, SubscribeRequest request, ConnectionLabels labels) {
        TraceSpan span = spans.start(TraceSpan.OP_SUBSCRIBE, call, request.header());
        try {
            span.attribute(TraceSpan.TOPIC, request.topic());
            // a long-lived call is refused for its credentials before its arguments, as a stream's upgrade is
            RequestScope early = labels == null ? null : headers.resolve(call, request.header(), span);
            String topic = Names.requireTopic(request.topic());
            long after = parseCursor(request.resumeCursor());
            int maxInflight = maxInflight(request.maxInflight());
            RequestScope scope = early != null ? early : headers.resolve(call, request.header(), span);
            // a binding's subscriber writes without blocking and shares a lane; any other gets a thread
            Executor lane = labels == null ? delivery : lanes.next();
            EventSubscription subscription = new EventSubscription(log, scope.tenant(), topic, after, maxInflight,
                    delivery, lane, metrics);
            if (labels != null) {
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("topic", topic);
                meta.put("resume_cursor", request.resumeCursor() == null ? "" : request.resumeCursor());
                if (request.consumerId() != null) {
                    meta.put("consumer_id", request.consumerId());
                }
                Caller caller = new Caller(scope.principal(), scope.tenant());
                subscription.attach(caller, leases.open(call, caller, labels, meta, subscription::credentialsExpired));
            }
            OperationSpans.ended(span, scope.header());
            return subscription;
        } catch (RuntimeException e) {
            throw OperationSpans.failed(span, call, e);
        }
    }

    static long parseCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        if (cursor.length() > 19 || !cursor.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw MigException.invalid("resume_cursor must be a non-negative integer").withDetail("field", "resume_cursor");
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw MigException.invalid("resume_cursor is out of range").withDetail("field", "resume_cursor");
        }
    }

    private int maxInflight(Integer requested) {
        if (requested == null || requested == 0) {
            return limits.defaultMaxInflightEvents();
        }
        if (requested < 0) {
            throw MigException.invalid("max_inflight must be positive").withDetail("field", "max_inflight");
        }
        return Math.min(requested, MAX_INFLIGHT_CEILING);
    }
}
