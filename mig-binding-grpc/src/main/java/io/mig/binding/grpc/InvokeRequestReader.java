package io.mig.binding.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import java.io.IOException;

/**
 * Reads the bytes of a {@code mig.v0_1.InvokeRequest} straight into the core's {@link InvokeRequest}
 * and its Jackson payload, without the generated message and its {@code Struct}s in between — for
 * the messages clients send: every field at most once, known fields only, valid UTF-8, finite
 * numbers, no key twice in an object, no header timestamp, modest nesting. Anything else returns
 * null, and the caller parses the bytes with the generated parser and converts them with
 * {@link ProtoModel}, which give such messages their exact meaning (protobuf's merging of repeated
 * fields, unknown fields kept, its recursion limit) or their exact error. So a message either means
 * here what it means to {@link ProtoModel#invoke(io.mig.binding.grpc.v0_1.InvokeRequest)}, or it is
 * not read here ({@code InvokeRequestReaderTest} holds it to that).
 */
final class InvokeRequestReader {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Message nesting read here; deeper payloads go the generated way (its limit is 100). */
    private static final int MAX_DEPTH = 48;
    private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private final CodedInputStream in;
    private int depth;

    private InvokeRequestReader(byte[] bytes) {
        in = CodedInputStream.newInstance(bytes);
    }

    /** The request these bytes carry, or null when they are for the generated parser. */
    static InvokeRequest read(byte[] bytes) {
        try {
            return new InvokeRequestReader(bytes).request();
        } catch (NotRead | IOException | RuntimeException e) { // RuntimeException: nothing is thrown on purpose
            return null;
        }
    }

    /** The reader stops: this message is read by the generated parser. */
    private static final class NotRead extends Exception {
        private static final NotRead INSTANCE = new NotRead();

        private NotRead() {
            super(null, null, false, false);
        }
    }

    private InvokeRequest request() throws IOException, NotRead {
        MessageHeader header = null;
        String capability = null;
        ObjectNode payload = null;
        Integer preference = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | LENGTH_DELIMITED -> header = once(header, nested(this::header));
                case (2 << 3) | LENGTH_DELIMITED -> capability = once(capability, in.readStringRequireUtf8());
                case (3 << 3) | LENGTH_DELIMITED -> payload = once(payload, nested(this::struct));
                case 4 << 3 -> preference = once(preference, in.readEnum());
                default -> throw NotRead.INSTANCE;
            }
        }
        return new InvokeRequest(header == null ? emptyHeader() : header, ProtoModel.blank(capability),
                payload == null ? JSON.objectNode() : payload, preference(preference));
    }

    /** What {@link ProtoModel#header} makes of a header with no fields set (or none at all). */
    private static MessageHeader emptyHeader() {
        return new MessageHeader(null, null, null, null, null, null, null, null, null);
    }

    private MessageHeader header() throws IOException, NotRead {
        String version = null;
        String id = null;
        String tenant = null;
        String session = null;
        String traceparent = null;
        String idempotency = null;
        Integer deadline = null;
        ObjectNode meta = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | LENGTH_DELIMITED -> version = once(version, in.readStringRequireUtf8());
                case (2 << 3) | LENGTH_DELIMITED -> id = once(id, in.readStringRequireUtf8());
                // 3, the timestamp, is rare in requests: its conversion can fail, and ProtoModel owns that
                case (4 << 3) | LENGTH_DELIMITED -> tenant = once(tenant, in.readStringRequireUtf8());
                case (5 << 3) | LENGTH_DELIMITED -> session = once(session, in.readStringRequireUtf8());
                case (6 << 3) | LENGTH_DELIMITED -> traceparent = once(traceparent, in.readStringRequireUtf8());
                case (7 << 3) | LENGTH_DELIMITED -> idempotency = once(idempotency, in.readStringRequireUtf8());
                case 8 << 3 -> deadline = once(deadline, in.readUInt32());
                case (9 << 3) | LENGTH_DELIMITED -> meta = once(meta, nested(this::struct));
                default -> throw NotRead.INSTANCE;
            }
        }
        return new MessageHeader(ProtoModel.blank(version), ProtoModel.blank(id), null, ProtoModel.blank(tenant),
                ProtoModel.blank(session), ProtoModel.blank(traceparent), ProtoModel.blank(idempotency),
                deadline == null || deadline == 0 ? null : Integer.toUnsignedLong(deadline), meta);
    }

    /** A {@code google.protobuf.Struct}: its map entries, each with exactly one key and one value. */
    private ObjectNode struct() throws IOException, NotRead {
        ObjectNode object = JSON.objectNode();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag != ((1 << 3) | LENGTH_DELIMITED)) {
                throw NotRead.INSTANCE;
            }
            nested(() -> {
                entry(object);
                return object;
            });
        }
        return object;
    }

    private void entry(ObjectNode object) throws IOException, NotRead {
        String key = null;
        JsonNode value = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | LENGTH_DELIMITED -> key = once(key, in.readStringRequireUtf8());
                case (2 << 3) | LENGTH_DELIMITED -> value = once(value, nested(this::value));
                default -> throw NotRead.INSTANCE;
            }
        }
        if (key == null || value == null || object.has(key)) {
            throw NotRead.INSTANCE;
        }
        object.set(key, value);
    }

    /** A {@code google.protobuf.Value}: one member of its oneof, or none (JSON null, as in ProtoModel). */
    private JsonNode value() throws IOException, NotRead {
        JsonNode value = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (value != null) {
                throw NotRead.INSTANCE; // a second member: protobuf's oneof rules, not ours
            }
            value = switch (tag) {
                case 1 << 3 -> {
                    in.readEnum();
                    yield JSON.nullNode();
                }
                case (2 << 3) | WireFormat.WIRETYPE_FIXED64 -> number(in.readDouble());
                case (3 << 3) | LENGTH_DELIMITED -> JSON.textNode(in.readStringRequireUtf8());
                case 4 << 3 -> JSON.booleanNode(in.readBool());
                case (5 << 3) | LENGTH_DELIMITED -> nested(this::struct);
                case (6 << 3) | LENGTH_DELIMITED -> nested(this::list);
                default -> throw NotRead.INSTANCE;
            };
        }
        return value == null ? JSON.nullNode() : value;
    }

    private ArrayNode list() throws IOException, NotRead {
        ArrayNode array = JSON.arrayNode();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag != ((1 << 3) | LENGTH_DELIMITED)) {
                throw NotRead.INSTANCE;
            }
            array.add(nested(this::value));
        }
        return array;
    }

    /** NaN and the infinities are refused by ProtoModel with its own error: read there. */
    private static JsonNode number(double d) throws NotRead {
        if (!Double.isFinite(d)) {
            throw NotRead.INSTANCE;
        }
        return ProtoModel.number(d);
    }

    private static io.mig.core.model.StreamPreference preference(Integer number) {
        if (number == null) {
            return null;
        }
        return switch (number) {
            case 1 -> io.mig.core.model.StreamPreference.UNARY;
            case 2 -> io.mig.core.model.StreamPreference.SERVER_STREAM;
            case 3 -> io.mig.core.model.StreamPreference.BIDI_STREAM;
            default -> null; // UNSPECIFIED and numbers mig.proto does not know (UNRECOGNIZED), as in ProtoModel
        };
    }

    private interface Body<T> {
        T read() throws IOException, NotRead;
    }

    /** A length-delimited message: its body read within its length, one level deeper. */
    private <T> T nested(Body<T> body) throws IOException, NotRead {
        if (++depth > MAX_DEPTH) {
            throw NotRead.INSTANCE;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        T value = body.read();
        if (!in.isAtEnd()) {
            throw NotRead.INSTANCE;
        }
        in.popLimit(limit);
        depth--;
        return value;
    }

    /** A field seen for the first time; a second time is for the generated parser (it merges or replaces). */
    private static <T> T once(T previous, T value) throws NotRead {
        if (previous != null) {
            throw NotRead.INSTANCE;
        }
        return value;
    }
}
