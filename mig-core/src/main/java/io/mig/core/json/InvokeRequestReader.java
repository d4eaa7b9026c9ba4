package io.mig.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamPreference;
import java.io.IOException;

/**
 * Reads an INVOKE envelope from its bytes in one pass of Jackson's parser: the header's fields and
 * the capability straight into the record, the payload (and {@code meta}) built as a tree once, in
 * place, instead of a tree of the whole envelope that binding then walks again and copies.
 *
 * <p>It reads only the common shape: each field of the type the record holds (text as JSON text,
 * {@code deadline_ms} as an integer that fits a long, objects as objects), no field twice. On
 * anything else — a coercion Jackson would make (a number where text goes), an explicit null, a
 * duplicate, a syntax error, a trailing token, a number too large — it answers null, and the caller
 * decodes the same bytes the tree way, so every value Jackson would coerce and every error message
 * stays exactly Jackson's. Unknown fields are ignored as the binder ignores them, but still read
 * as a tree, so that a number there that no exact representation holds is refused as before.
 */
final class InvokeRequestReader {
    private static final int HEADER = 1;
    private static final int CAPABILITY = 1 << 1;
    private static final int PAYLOAD = 1 << 2;
    private static final int STREAM_PREFERENCE = 1 << 3;

    private InvokeRequestReader() {
    }

    /** The request in {@code body} (already checked to be UTF-8), or null when the tree path must decide. */
    static InvokeRequest read(ObjectMapper mapper, byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            InvokeRequest request = envelope(mapper, parser);
            // exactly one value: anything after the object is the tree path's trailing-token error
            return request != null && parser.nextToken() == null ? request : null;
        } catch (IOException | RuntimeException e) {
            // a syntax error, a constraint, an unrepresentable number, a refused stream preference:
            // the tree path meets it again and words it as it always has
            return null;
        }
    }

    private static InvokeRequest envelope(ObjectMapper mapper, JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        MessageHeader header = null;
        String capability = null;
        ObjectNode payload = null;
        StreamPreference preference = null;
        int seen = 0;
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int field = switch (name) {
                case "header" -> HEADER;
                case "capability" -> CAPABILITY;
                case "payload" -> PAYLOAD;
                case "stream_preference" -> STREAM_PREFERENCE;
                default -> 0;
            };
            if ((seen & field) != 0) {
                return null; // a duplicate: the tree keeps the last, the tree path decides
            }
            seen |= field;
            switch (field) {
                case HEADER -> {
                    header = value == JsonToken.START_OBJECT ? header(mapper, parser) : null;
                    if (header == null) {
                        return null;
                    }
                }
                case CAPABILITY -> {
                    if (value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    capability = parser.getText();
                }
                case PAYLOAD -> {
                    if (value != JsonToken.START_OBJECT) {
                        return null;
                    }
                    payload = (ObjectNode) mapper.readTree(parser);
                }
                case STREAM_PREFERENCE -> {
                    if (value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    preference = streamPreference(parser.getText());
                    if (preference == null) {
                        return null;
                    }
                }
                default -> mapper.readTree(parser); // ignored, as the binder ignores unknown fields
            }
        }
        return new InvokeRequest(header, capability, payload, preference);
    }

    /** A known stream preference, or null: Jackson words the refusal of any other. */
    private static StreamPreference streamPreference(String text) {
        try {
            return StreamPreference.parse(text);
        } catch (MigException e) {
            return null;
        }
    }

    /** The header object the parser is at, or null when it is not of the common shape. */
    private static MessageHeader header(ObjectMapper mapper, JsonParser parser) throws IOException {
        String[] texts = new String[7];
        Long deadline = null;
        ObjectNode meta = null;
        int seen = 0;
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int text = textField(name);
            if (text >= 0) {
                if (value != JsonToken.VALUE_STRING || (seen & (1 << text)) != 0) {
                    return null;
                }
                seen |= 1 << text;
                texts[text] = parser.getText();
            } else if (name.equals("deadline_ms")) {
                if (value != JsonToken.VALUE_NUMBER_INT || deadline != null
                        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return null;
                }
                deadline = parser.getLongValue();
            } else if (name.equals("meta")) {
                if (value != JsonToken.START_OBJECT || meta != null) {
                    return null;
                }
                meta = (ObjectNode) mapper.readTree(parser);
            } else {
                JsonNode ignored = mapper.readTree(parser); // read in full, as the tree path reads it
                if (ignored == null) {
                    return null;
                }
            }
        }
        return new MessageHeader(texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], texts[6], deadline, meta);
    }

    /** The index of a text field of {@link MessageHeader}, in the order of its components; -1 for another name. */
    private static int textField(String name) {
        return switch (name) {
            case "mig_version" -> 0;
            case "message_id" -> 1;
            case "timestamp" -> 2;
            case "tenant_id" -> 3;
            case "session_id" -> 4;
            case "traceparent" -> 5;
            case "idempotency_key" -> 6;
            default -> -1;
        };
    }
}
