package io.mig.binding.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.mig.core.error.MigException;
import io.mig.core.gateway.ErrorRecorder;
import java.io.InputStream;
import java.util.Locale;

/**
 * A request message that does not parse (invalid UTF-8 in a string, nesting past protobuf's
 * limit, truncated bytes) gets {@code INVALID_ARGUMENT} with the MIG error trailers and one log
 * line. Left to grpc-java, the marshaller's exception escapes into the transport, which answers
 * {@code UNKNOWN} without a MIG error and logs the whole stack trace for every such message.
 *
 * <p>The request marshaller of every method is wrapped so that a parse failure yields no message
 * but a noted reason (parsing and delivery run on the same thread, one message at a time); the
 * outermost listener sees the missing message and closes the call itself.
 */
final class MalformedMessages {
    private static final System.Logger LOG = System.getLogger("migd.grpc");
    private static final ThreadLocal<String> LAST_FAILURE = new ThreadLocal<>();

    private MalformedMessages() {
    }

    /** The service with every method guarded. */
    static ServerServiceDefinition guard(ServerServiceDefinition service, ErrorRecorder errors) {
        ServerServiceDefinition.Builder guarded = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            add(guarded, method, errors);
        }
        return guarded.build();
    }

    private static <Q, R> void add(ServerServiceDefinition.Builder builder, ServerMethodDefinition<Q, R> method,
                                   ErrorRecorder errors) {
        MethodDescriptor<Q, R> original = method.getMethodDescriptor();
        MethodDescriptor<Q, R> descriptor = original.toBuilder()
                .setRequestMarshaller(new Lenient<>(original.getRequestMarshaller()))
                .build();
        ServerCallHandler<Q, R> handler = method.getServerCallHandler();
        if (InvocationRpc.decidesItsThread(original)) {
            // the unary Invoke's own listener (InvokeCall) refuses a missing message: one layer less per call
            builder.addMethod(descriptor, handler);
            return;
        }
        String bare = original.getBareMethodName() == null ? "grpc" : original.getBareMethodName().toLowerCase(Locale.ROOT);
        // the MIG operation the errors are counted under: StreamInvoke's is "stream", as its frames' errors
        String operation = "streaminvoke".equals(bare) ? "stream" : bare;
        builder.addMethod(descriptor, (call, headers) -> new Guard<>(handler.startCall(call, headers), call, operation, errors));
    }

    /**
     * Closes {@code call}, whose request message did not parse (the marshaller gave null), with
     * {@code INVALID_ARGUMENT} and the MIG error trailers; logs one line with the parser's reason.
     */
    static void refuse(ServerCall<?, ?> call, String operation, ErrorRecorder errors) {
        String reason = LAST_FAILURE.get();
        LAST_FAILURE.remove();
        reason = reason == null ? "unreadable" : reason;
        LOG.log(System.Logger.Level.INFO, "gRPC " + call.getMethodDescriptor().getFullMethodName()
                + ": refused a malformed request message: " + reason);
        StatusRuntimeException status = GrpcErrors.toStatus(
                MigException.invalid("request message is not valid protobuf: " + reason), operation, errors);
        call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
    }

    /** Parses with the generated marshaller; a failure becomes a null message and a noted reason. */
    private static final class Lenient<Q> implements MethodDescriptor.Marshaller<Q> {
        private final MethodDescriptor.Marshaller<Q> delegate;

        Lenient(MethodDescriptor.Marshaller<Q> delegate) {
            this.delegate = delegate;
        }

        @Override
        public InputStream stream(Q value) {
            return delegate.stream(value);
        }

        @Override
        public Q parse(InputStream stream) {
            try {
                return delegate.parse(stream);
            } catch (RuntimeException e) {
                LAST_FAILURE.set(reason(e));
                return null;
            }
        }

        private static String reason(Throwable e) {
            String reason = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null) {
                    reason = t.getMessage(); // the innermost says what was wrong with the bytes
                }
            }
            if (reason == null) {
                return "unreadable";
            }
            int nl = reason.indexOf('\n');
            reason = nl < 0 ? reason : reason.substring(0, nl);
            return reason.length() <= 200 ? reason : reason.substring(0, 197) + "...";
        }
    }

    /** Closes the call on a message that did not parse; forwards nothing of that call afterwards. */
    private static final class Guard<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, R> call;
        private final String operation;
        private final ErrorRecorder errors;
        private boolean refused;

        Guard(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, String operation, ErrorRecorder errors) {
            super(delegate);
            this.call = call;
            this.operation = operation;
            this.errors = errors;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            if (message != null) {
                super.onMessage(message);
                return;
            }
            refused = true;
            refuse(call, operation, errors);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }
}
