package io.mig.conformance.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * The client side of one MIG binding, spoken in MIG's canonical JSON (SPEC §1): a request goes in
 * as the JSON envelope of its operation, the answer comes out as the success envelope or the error
 * envelope {@code {"header", "error": {code, message, retryable, details}}}, whatever the binding
 * does on the wire. The {@linkplain ConformanceKit conformance kit} drives every binding through
 * this one interface, so that the same behaviour is proved over each of them.
 *
 * <p>An implementation translates: HTTP posts the envelope to its route, gRPC converts it to the
 * {@code mig.v0_1} message, NATS sends it on the operation's subject, WebSocket wraps it in a
 * stream frame. Where its binding has no way to express a request (gRPC cannot carry malformed
 * JSON; NATS has no streams), a method throws {@link NotApplicable} with the reason, and the kit
 * reports the case as not applicable instead of failed.
 *
 * <p>Every method takes a {@link Call}: the envelope plus the {@link Credentials} to send it with,
 * so the kit can put the tenant in the binding's transport header, in the body's
 * {@code header.tenant_id}, or only in a bearer token.
 */
public interface MigWire extends AutoCloseable {
    /**
     * A short name for reports and profiles: {@code http}, {@code ws}, {@code grpc}, {@code nats},
     * or your own binding's.
     */
    String name();

    /** The binding HELLO is expected to select on this wire ({@code selected_binding}, lowercase). */
    String binding();

    /** The credentials a call is sent with unless the kit says otherwise. */
    Credentials defaults();

    /**
     * Whether {@link #subscribe} replays retained events and honours {@code resume_cursor}; a
     * binding that only delivers live events (NATS mirroring) says false, and the replay cases do
     * not apply to it.
     */
    default boolean replays() {
        return true;
    }

    /**
     * Whether this binding's error envelopes carry the MIG header; gRPC's do not (an error is a
     * status with the MIG error in its trailers, SPEC §1.4).
     */
    default boolean errorsCarryHeader() {
        return true;
    }

    /** HELLO: {@code {header, supported_versions, requested_bindings, requested_features}}. */
    Outcome hello(Call call) throws Exception;

    /** DISCOVER: {@code {header, query?}}. */
    Outcome discover(Call call) throws Exception;

    /** Unary INVOKE: {@code {header, capability, payload}}; the answer is the one result. */
    Outcome invoke(Call call) throws Exception;

    /**
     * A streamed INVOKE of {@code {header, capability, payload}} (the wire asks for
     * {@code server_stream} its own way). Returns once the request is sent.
     */
    Frames invokeStream(Call call) throws Exception;

    /** CANCEL: {@code {header, target_message_id, reason?}}. */
    Outcome cancel(Call call) throws Exception;

    /** PUBLISH: {@code {header, topic, payload}}. */
    Outcome publish(Call call) throws Exception;

    /**
     * SUBSCRIBE: {@code {header, topic, resume_cursor?}} ({@code resume_cursor} a number or the
     * text the kit wants to send). Returns once the request is sent; a refusal before the stream
     * opens is the first item of the returned events.
     */
    Events subscribe(Call call) throws Exception;

    /** HEARTBEAT: {@code {header, interval_ms?}}. */
    Outcome heartbeat(Call call) throws Exception;

    /**
     * Sends {@code text}, which is not valid JSON, as the body of {@code operation} ({@code hello},
     * {@code invoke.<capability>}, …) and returns the answer.
     *
     * @throws NotApplicable when the binding's framing cannot carry it (e.g. protobuf)
     */
    default Outcome malformed(String operation, String text) throws Exception {
        throw new NotApplicable(name() + " cannot carry a body that is not JSON");
    }

    /**
     * Calls an operation the binding does not have (an unknown route or subject).
     *
     * @throws NotApplicable when the binding has no open namespace of operations
     */
    default Outcome unknownOperation() throws Exception {
        throw new NotApplicable(name() + " has no namespace of operations to miss");
    }

    /**
     * Calls {@code operation} with a method it does not allow (HTTP's GET of a POST route).
     *
     * @throws NotApplicable when the binding has no methods
     */
    default Outcome wrongMethod(String operation) throws Exception {
        throw new NotApplicable(name() + " has no request methods");
    }

    /** Releases connections; idempotent. */
    @Override
    void close();

    /** What to send an envelope with: the tenant in the binding's transport, a bearer token. */
    record Credentials(String tenantHeader, String token) {
        /** No tenant header and no token: the tenant must come from the body. */
        public static final Credentials NONE = new Credentials(null, null);

        public Credentials withTenantHeader(String tenant) {
            return new Credentials(tenant, token);
        }

        public Credentials withToken(String bearer) {
            return new Credentials(tenantHeader, bearer);
        }
    }

    /**
     * One request: its JSON envelope and how to send it. {@code tenantHeader} is
     * {@code X-Tenant-ID} on HTTP and WebSocket, {@code x-tenant-id} metadata on gRPC and the
     * subject's tenant token on NATS (which always needs one: a NATS wire uses the body's tenant
     * there when the header is null).
     */
    record Call(ObjectNode body, Credentials credentials) {
        public String tenant() {
            return credentials.tenantHeader();
        }
    }

    /**
     * An answer: the envelope (success body or error envelope) and, where the binding has one, its
     * own status ({@code "404"} on HTTP, {@code "NOT_FOUND"} on gRPC, null elsewhere) and a few
     * transport headers the kit checks (HTTP {@code Allow}, {@code Retry-After}; gRPC trailers
     * {@code mig-error}).
     */
    record Outcome(JsonNode envelope, String status, java.util.Map<String, String> transport) {
        public Outcome(JsonNode envelope, String status) {
            this(envelope, status, java.util.Map.of());
        }

        /** The MIG error code, or null on success. */
        public String errorCode() {
            JsonNode code = envelope.path("error").path("code");
            return code.isTextual() ? code.asText() : null;
        }

        public JsonNode error() {
            return envelope.path("error");
        }

        public JsonNode header() {
            return envelope.path("header");
        }

        public boolean ok() {
            return errorCode() == null;
        }
    }

    /**
     * The frames of a streamed invocation as stream-frame JSON (SPEC §1.2:
     * {@code {header, stream_id, capability, kind, payload, end_stream, error}}); an error that
     * ends the stream is a frame of kind {@code error}.
     */
    interface Frames extends AutoCloseable {
        /** The next frame, or null when none came within {@code timeout} or the stream is over. */
        JsonNode next(Duration timeout) throws Exception;

        /** Hangs up (the kit is done with it). */
        @Override
        void close();
    }

    /**
     * Subscribed events as EventMessage JSON ({@code {header, topic, event_id, sequence, payload,
     * published_at, replay}}); a refusal or an error that ends the subscription is an error
     * envelope.
     */
    interface Events extends AutoCloseable {
        /** The next event, or null when none came within {@code timeout} or the stream is over. */
        JsonNode next(Duration timeout) throws Exception;

        @Override
        void close();
    }

    /** Thrown when a binding cannot express a request; the case is not applicable there. */
    final class NotApplicable extends Exception {
        private static final long serialVersionUID = 1L;

        public NotApplicable(String reason) {
            super(reason, null, false, false);
        }
    }
}
