package io.mig.core.gateway;

import io.mig.core.error.ErrorCode;
import io.mig.core.id.Traceparent;
import io.mig.core.model.Binding;
import io.mig.core.port.out.TraceSpan;
import io.mig.core.port.out.Tracing;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Tracing} adapter that keeps its spans in memory, as a real adapter would hand them to an exporter. */
final class RecordingTracing implements Tracing {
    final List<Recorded> spans = new CopyOnWriteArrayList<>();

    @Override
    public TraceSpan start(String operation, Binding binding, String parentTraceparent) {
        String parent = Traceparent.isValid(parentTraceparent) ? parentTraceparent : null;
        String trace = parent != null ? parent.substring(3, 35) : Traceparent.generate().substring(3, 35);
        return record(operation, "server", binding, parent, trace);
    }

    private Recorded record(String operation, String kind, Binding binding, String parent, String traceId) {
        String own = "00-" + traceId + "-" + Traceparent.generate().substring(36, 52) + "-01";
        Recorded span = new Recorded(operation, kind, binding, parent, own);
        spans.add(span);
        return span;
    }

    List<Recorded> named(String name) {
        return spans.stream().filter(s -> s.name.equals(name)).toList();
    }

    final class Recorded implements TraceSpan {
        final String operation;
        final String kind;
        final Binding binding;
        final String parent;
        final String own;
        final Map<String, String> attributes = new ConcurrentHashMap<>();
        final AtomicBoolean ended = new AtomicBoolean();
        volatile String name;
        volatile ErrorCode code;

        Recorded(String operation, String kind, Binding binding, String parent, String own) {
            this.operation = operation;
            this.kind = kind;
            this.binding = binding;
            this.parent = parent;
            this.own = own;
            this.name = operation;
        }

        @Override
        public String traceparent() {
            return own;
        }

        @Override
        public void attribute(String key, String value) {
            if (value != null && !ended.get()) {
                attributes.put(key, value);
            }
        }

        @Override
        public void target(String target) {
            name = operation + " " + target;
        }

        @Override
        public TraceSpan child(String childOperation) {
            return record(childOperation, "client", binding, own, own.substring(3, 35));
        }

        @Override
        public void end(ErrorCode value) {
            if (ended.compareAndSet(false, true)) {
                code = value;
            }
        }

        String spanId() {
            return own.substring(36, 52);
        }
    }
}
