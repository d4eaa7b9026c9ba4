package io.mig.binding.grpc;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerTransportFilter;
import io.mig.core.model.Binding;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Reads the auth metadata of every call ({@code authorization: Bearer …}, {@code x-tenant-id}) and
 * the peer address into the gRPC {@link Context}; the core authenticates the call, as on HTTP.
 */
final class CallMetadata implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<CallContext> CALL = Context.key("mig-call");
    /** The peer address of a connection as the core is told it ({@link #peerAddresses()}). */
    private static final Attributes.Key<String> PEER = Attributes.Key.create("mig-peer-address");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (InvocationRpc.decidesItsThread(call.getMethodDescriptor())) {
            // the unary Invoke reads its metadata itself (InvokeCall): no context and listener layer per call
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(CALL, read(call, headers)), call, headers, next);
    }

    /** The call context of a call: its auth metadata and the peer address. */
    static CallContext read(ServerCall<?, ?> call, Metadata headers) {
        Attributes transport = call.getAttributes();
        String peer = transport.get(PEER);
        return new CallContext(Binding.GRPC,
                new Credentials(Credentials.bearerToken(headers.get(AUTHORIZATION)), blankToNull(headers.get(TENANT)), null),
                peer != null ? peer : remote(transport.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
    }

    /**
     * Formats the peer address once per connection, when it is ready, into the transport's
     * attributes, which every call on it shares: formatting it per call was 2 % of an {@code Invoke}.
     */
    static ServerTransportFilter peerAddresses() {
        return new ServerTransportFilter() {
            @Override
            public Attributes transportReady(Attributes transport) {
                String peer = remote(transport.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                return peer == null ? transport : transport.toBuilder().set(PEER, peer).build();
            }
        };
    }

    /** The call context of the current gRPC call (every method but the unary Invoke). */
    static CallContext call() {
        CallContext context = CALL.get();
        return context == null ? CallContext.of(Binding.GRPC, Credentials.NONE) : context;
    }

    /**
     * The header with {@code deadline_ms} set to the shorter of the header's own value and what is
     * left of the gRPC call deadline (SPEC §6), so the core enforces whichever ends first.
     */
    static MessageHeader withCallDeadline(MessageHeader header) {
        return withCallDeadline(header, Context.current());
    }

    /** {@link #withCallDeadline(MessageHeader)} with the deadline of {@code context}, the call's own. */
    static MessageHeader withCallDeadline(MessageHeader header, Context context) {
        Deadline deadline = context.getDeadline();
        if (deadline == null) {
            return header;
        }
        long left = Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS));
        Long own = header.deadlineMs();
        return own != null && own > 0 && own <= left ? header : header.withDeadlineMs(left);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String remote(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return address == null ? null : address.toString();
    }
}
