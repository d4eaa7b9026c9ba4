package io.mig.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.Envelope;
import io.mig.core.model.HeartbeatRequest;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.PublishRequest;
import io.mig.core.port.in.AnswerForm;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.port.in.InvocationHandle;
import io.mig.core.spi.BindingGateway;
import io.nats.client.Connection;
import io.nats.client.Message;

/**
 * Serves one request of the request/reply binding (guide §13.2): the subject names the operation
 * and the tenant, the body is the same JSON envelope as over HTTP, and the reply is the success
 * envelope or a MIG error envelope, its header fields duplicated into NATS headers. Every failure,
 * a nonsense subject included, is an error reply; nothing here throws.
 */
final class NatsRequests {
    private static final System.Logger LOG = System.getLogger("migd.nats");

    private final BindingGateway gateway;
    private final Connection connection;
    private final long maxBodyBytes;
    private final InFlightReplies inFlight;

    NatsRequests(BindingGateway gateway, Connection connection, long maxBodyBytes, InFlightReplies inFlight) {
        this.gateway = gateway;
        this.connection = connection;
        this.maxBodyBytes = maxBodyBytes;
        this.inFlight = inFlight;
    }

    void handle(Message message) {
        if ("true".equalsIgnoreCase(NatsHeaders.first(message, NatsHeaders.MIRROR))) {
            return; // our own mirror of an event: ingesting it again would publish it twice (and loop)
        }
        ObjectNode body = null;
        String operation = "nats";
        try {
            Subjects.Parsed subject = Subjects.parse(message.getSubject());
            operation = subject.operation().label();
            CallContext call = call(subject.tenant(), message);
            try {
                body = body(message);
                NatsHeaders.fill(body, message);
            } catch (MigException e) {
                if (subject.operation() == Subjects.Operation.INVOKE) {
                    gateway.errors().invokeRefused(call, subject.argument(), e); // an INVOKE that never ran: still audited
                }
                throw e;
            }
            switch (subject.operation()) {
                case HELLO -> reply(message, gateway.hello(call, MigJson.convert(body, HelloRequest.class)));
                case DISCOVER -> reply(message, gateway.discover(call, MigJson.convert(body, DiscoverRequest.class)));
                case HEARTBEAT -> reply(message, gateway.heartbeat(call, MigJson.convert(body, HeartbeatRequest.class)));
                case PUBLISH -> {
                    PublishRequest p = MigJson.convert(body, PublishRequest.class);
                    reply(message, gateway.publish(call, new PublishRequest(p.header(), subject.argument(), p.key(), p.payload())));
                }
                case CANCEL -> {
                    CancelRequest c = MigJson.convert(body, CancelRequest.class);
                    reply(message, gateway.cancel(call, new CancelRequest(c.header(), subject.argument(), c.reason())));
                }
                case INVOKE -> invoke(message, call, subject.argument(), body);
                default -> throw MigException.notFound("no MIG operation on NATS subject " + message.getSubject())
                        .withDetail("subject", message.getSubject());
            }
        } catch (RuntimeException e) {
            fail(message, body, MigException.from(e), operation);
        }
    }

    private void invoke(Message message, CallContext call, String capability, ObjectNode body) {
        InvokeRequest request;
        try {
            // a streamed answer cannot travel in one NATS reply: NATS invocations are unary
            request = InvokeBody.request(body, capability);
        } catch (MigException e) {
            gateway.errors().invokeRefused(call, capability, e); // still audited
            throw e;
        }
        // counted before the invocation starts: a stop from now on waits for its reply
        InFlightReplies.Reply pending = inFlight.open();
        InvocationHandle handle;
        try {
            handle = gateway.start(call, request, AnswerForm.unary());
        } catch (RuntimeException e) {
            pending.sent();
            throw e;
        }
        pending.answers(handle);
        handle.answer().handle((answer, error) -> {
            if (error != null) {
                // the error names the message id the core gave the invocation, as a success would
                reply(message, NatsErrors.reply(gateway.errors(), body, handle.messageId(), error, "invoke"));
            } else {
                reply(message, answer.response());
            }
            return null;
        }).whenComplete((ignored, error) -> pending.sent());
    }

    private ObjectNode body(Message message) {
        byte[] data = message.getData();
        if (data == null || data.length == 0) {
            return MigJson.object();
        }
        if (data.length > maxBodyBytes) {
            throw MigException.invalid("the request body is larger than " + maxBodyBytes + " bytes")
                    .withDetail("max_body_bytes", maxBodyBytes);
        }
        return MigJson.readObject(data);
    }

    private static CallContext call(String tenant, Message message) {
        String token = Credentials.bearerToken(NatsHeaders.first(message, NatsHeaders.AUTHORIZATION));
        return new CallContext(Binding.NATS, new Credentials(token, tenant.isEmpty() ? null : tenant, null),
                "nats:" + message.getSubject());
    }

    private void reply(Message request, Envelope answer) {
        String to = request.getReplyTo();
        if (to == null || to.isEmpty()) {
            return; // a fire-and-forget publish: nobody waits for the answer
        }
        try {
            connection.publish(to, NatsHeaders.of(answer.header()), MigJson.encode(answer));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "replying on NATS failed: " + e.getMessage());
        }
    }

    /** Answers the error envelope (counted there). */
    private void fail(Message request, ObjectNode body, MigException error, String operation) {
        reply(request, NatsErrors.reply(gateway.errors(), body, error, operation));
    }
}
