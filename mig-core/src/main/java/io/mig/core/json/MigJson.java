package io.mig.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.model.Envelope;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The canonical JSON codec of MIG: snake_case field names, unknown fields ignored, nulls omitted.
 * Every binding that speaks JSON (HTTP, WebSocket, NATS, the audit log) uses this one mapper, so a
 * malformed request fails the same way everywhere: with a {@code MIG_INVALID_REQUEST} that says
 * where and why.
 */
public final class MigJson {
    /** Deeper documents are refused (SPEC §11: 10 000 levels must not hurt the server). */
    public static final int MAX_NESTING_DEPTH = 256;

    private static final ObjectMapper MAPPER = newMapper();
    private static final Consumer<MessageHeader> NO_HEADER = header -> { };

    private MigJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // numbers pass through exactly: a decimal is never rounded to a double (0.1000000000000000000001
                // stays itself, 1e999999999 does not become Infinity), and 1.50 keeps its scale. Big integers
                // are exact by default. Written back with BigDecimal.toString(), e.g. 1E+999999999, never
                // expanded to plain digits (that would turn 20 bytes into a billion).
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        return mapper;
    }

    /** Decodes a request body that must be one JSON object into {@code type}. */
    public static <T> T decode(byte[] body, Class<T> type) {
        return type == InvokeRequest.class ? decodeEnvelope(body, type, null, NO_HEADER) : convert(readObject(body), type);
    }

    /**
     * Decodes a request body that must be one JSON object into the MIG envelope {@code type}, as a
     * binding receives it. An INVOKE of the common shape is read from the bytes in one pass
     * ({@link InvokeRequestReader}); every other body, and every body that fails, goes through
     * {@link #readObject} and {@link #convert}, so the values and the errors are the same either way.
     *
     * @param traceparent the transport's trace context (the W3C {@code traceparent} HTTP header), which
     *     stands in for a missing or empty {@code header.traceparent}; null or empty for none
     * @param headerSeen given the request's header whenever there is one: the envelope's, or, when the
     *     envelope does not bind, its header bound alone, so that the error answer can echo its message id
     */
    public static <T> T decodeEnvelope(byte[] body, Class<T> type, String traceparent, Consumer<MessageHeader> headerSeen) {
        boolean traced = traceparent != null && !traceparent.isEmpty();
        if (type == InvokeRequest.class && body != null && body.length > 0 && Utf8.firstInvalid(body) < 0) {
            InvokeRequest read = InvokeRequestReader.read(MAPPER, body);
            if (read != null) {
                MessageHeader header = traced ? traced(read.header(), traceparent) : read.header();
                if (header != null) {
                    headerSeen.accept(header);
                }
                return type.cast(header == read.header() ? read
                        : new InvokeRequest(header, read.capability(), read.payload(), read.streamPreference()));
            }
        }
        ObjectNode tree = readObject(body);
        if (traced) {
            JsonNode header = tree.get("header");
            if (header == null || header.isNull()) {
                tree.putObject("header").put("traceparent", traceparent);
            } else if (header instanceof ObjectNode fields && fields.path("traceparent").asText("").isEmpty()) {
                fields.put("traceparent", traceparent);
            }
        }
        T envelope;
        try {
            envelope = convert(tree, type);
        } catch (MigException e) {
            headerAlone(tree, headerSeen);
            throw e;
        }
        if (envelope instanceof Envelope bound) {
            if (bound.header() != null) {
                headerSeen.accept(bound.header()); // as bound with the envelope: not converted a second time
            }
        } else {
            headerAlone(tree, headerSeen);
        }
        return envelope;
    }

    /** The header as the tree path would bind it with the transport's traceparent filled in. */
    private static MessageHeader traced(MessageHeader header, String traceparent) {
        if (header == null) {
            return MessageHeader.empty().withTraceparent(traceparent);
        }
        return header.traceparent() == null || header.traceparent().isEmpty() ? header.withTraceparent(traceparent) : header;
    }

    /** Gives the envelope's header, bound on its own, when it binds. */
    private static void headerAlone(ObjectNode tree, Consumer<MessageHeader> headerSeen) {
        JsonNode header = tree.get("header");
        if (header != null && header.isObject()) {
            try {
                headerSeen.accept(convert(header, MessageHeader.class));
            } catch (MigException ignored) {
                // the envelope's own error reports the bad header
            }
        }
    }

    /** Parses bytes that must hold one JSON object. */
    public static ObjectNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw MigException.invalid("request body is empty; a JSON object is required");
        }
        JsonNode node;
        try {
            node = readSingleValue(body);
        } catch (StreamConstraintsException e) {
            throw MigException.invalid("request body is not acceptable JSON: " + firstLine(e.getOriginalMessage()));
        } catch (UnrepresentableNumber | InvalidUtf8 e) {
            throw MigException.invalid("request body is not acceptable JSON: " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw MigException.invalid("request body is not valid JSON: " + firstLine(e.getOriginalMessage()))
                    .withDetail("line", e.getLocation() == null ? -1 : e.getLocation().getLineNr())
                    .withDetail("column", e.getLocation() == null ? -1 : e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw MigException.invalid("request body could not be read: " + firstLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw MigException.invalid("request body is empty; a JSON object is required");
        }
        if (!node.isObject()) {
            throw MigException.invalid("request body must be a JSON object, not " + node.getNodeType().name().toLowerCase());
        }
        return (ObjectNode) node;
    }

    /**
     * Parses exactly one JSON value: trailing bytes other than whitespace, such as a second object,
     * are an error rather than silently dropped (a lenient reader and a strict one in front of it
     * would disagree about what was sent). For a binding whose protocol has its own parse error
     * (MCP's JSON-RPC -32700); MIG envelopes go through {@link #readObject}.
     *
     * @throws IOException when the bytes are not UTF-8 or not exactly one JSON value
     */
    public static JsonNode readSingleValue(byte[] body) throws IOException {
        int invalid = Utf8.firstInvalid(body);
        if (invalid >= 0) {
            throw new InvalidUtf8("the bytes are not UTF-8 (an invalid sequence at byte offset " + invalid + ")");
        }
        try {
            return MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (NumberFormatException e) {
            // exact decimals: an exponent past what BigDecimal holds (e.g. 1e99999999999999999999) cannot be kept
            throw new UnrepresentableNumber("a number has more exponent digits than can be represented exactly");
        }
    }

    /** Input that is not UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8). */
    private static final class InvalidUtf8 extends IOException {
        InvalidUtf8(String message) {
            super(message);
        }
    }

    /** A number in the input that no exact representation can hold: bad input, not a failure of the gateway. */
    private static final class UnrepresentableNumber extends IOException {
        UnrepresentableNumber(String message) {
            super(message);
        }
    }

    /** Binds a parsed object to a MIG type; type mismatches name the offending field. */
    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw asInvalid(e);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonProcessingException jpe) {
                throw asInvalid(jpe);
            }
            throw MigException.invalid(firstLine(e.getMessage()));
        }
    }

    public static byte[] encode(Object value) {
        try {
            // the envelopes of every call, written field by field; the same bytes as the mapper's
            if (value instanceof InvokeResponse response) {
                return EnvelopeWriter.write(MAPPER, response);
            }
            if (value instanceof InvokeRequest request) {
                return EnvelopeWriter.write(MAPPER, request);
            }
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The length of {@link #encode}'s bytes, counted as they are written instead of collected: a
     * payload's size is checked against its capability's limit on every call.
     */
    public static long encodedLength(Object value) {
        ByteCounter counter = new ByteCounter();
        try {
            MAPPER.writeValue(counter, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    /** Counts what is written to it, keeps nothing. */
    private static final class ByteCounter extends java.io.OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    public static String encodeToString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toObjectNode(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private static MigException asInvalid(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MigException mig) {
                return mig;
            }
        }
        String field = e instanceof MismatchedInputException mismatch ? path(mismatch) : "";
        String reason;
        if (e instanceof InvalidFormatException format) {
            reason = "has the wrong type or format (got " + abbreviate(String.valueOf(format.getValue())) + ")";
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            reason = "must be " + describe(mismatch.getTargetType());
        } else {
            reason = "is invalid: " + firstLine(e.getOriginalMessage());
        }
        MigException invalid = MigException.invalid((field.isEmpty() ? "request" : "field '" + field + "'") + " " + reason);
        return field.isEmpty() ? invalid : invalid.withDetail("field", field);
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (ObjectNode.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "a string";
        }
        return "a JSON object";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return abbreviate(nl < 0 ? s : s.substring(0, nl));
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
