package io.mig.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A cheap upper bound of a payload's encoded size, so that the {@code max_payload_bytes} check
 * (SPEC §4.1 step 7) encodes only payloads that might be too large: every character of a string
 * or a field name takes at most 6 bytes (a six-character escape), and integers, booleans and null their
 * longest text. Decimals and other nodes have no cheap bound; a payload holding one is counted exactly.
 */
final class PayloadSize {
    /** The bound is unknown: count exactly. */
    static final long UNBOUNDED = -1;
    private static final int MAX_BYTES_PER_CHAR = 6;

    private PayloadSize() {
    }

    /**
     * At least the length of the node's encoding, or {@link #UNBOUNDED}; stops early (returning a
     * value above {@code limit}) once the bound passes {@code limit}.
     */
    static long upperBound(JsonNode node, long limit) {
        switch (node.getNodeType()) {
            case OBJECT: {
                long size = 2; // {}
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    long value = upperBound(field.getValue(), limit);
                    if (value < 0) {
                        return UNBOUNDED;
                    }
                    size += 4 + (long) MAX_BYTES_PER_CHAR * field.getKey().length() + value; // "":,
                    if (size > limit) {
                        return size;
                    }
                }
                return size;
            }
            case ARRAY: {
                long size = 2; // []
                for (JsonNode element : node) {
                    long value = upperBound(element, limit);
                    if (value < 0) {
                        return UNBOUNDED;
                    }
                    size += 1 + value; // ,
                    if (size > limit) {
                        return size;
                    }
                }
                return size;
            }
            case STRING:
                return 2 + (long) MAX_BYTES_PER_CHAR * node.textValue().length();
            case BOOLEAN:
                return 5;
            case NULL:
                return 4;
            case NUMBER:
                if (node.isInt() || node.isShort()) {
                    return 11;
                }
                if (node.isLong()) {
                    return 20;
                }
                if (node.isBigInteger()) {
                    return 2 + node.bigIntegerValue().bitLength() / 3; // log10(2) < 1/3, and a sign
                }
                return UNBOUNDED;
            default:
                return UNBOUNDED;
        }
    }
}
