package io.mig.binding.http.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads one HTTP/1.1 answer from the bytes as they arrive, in pieces of any size: the status line,
 * the four header fields a unary call needs ({@code Content-Length}, {@code Transfer-Encoding},
 * {@code Content-Type}, {@code Connection}), and the body — by length, chunked, or up to the end of
 * the connection. Every other header field is skipped by comparing bytes, without a String per
 * field; 1xx interim answers are skipped whole. What to do with the body and whether it is too
 * large is the {@link Body}'s business.
 *
 * <p>Not thread-safe: one connection's reads feed it, one after another. A connection keeps one
 * parser and {@link #start}s it for each answer.
 */
final class ResponseParser {
    /** The longest status line or header field accepted (Jetty's client allows an 8 KiB head too). */
    static final int MAX_LINE_BYTES = 8 * 1024;
    /** The longest head (status line and every header field) accepted. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] CONTENT_TYPE = bytes("content-type");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");

    /** Where the body goes, and what happens when the head is known. */
    interface Body {
        /**
         * The head of the final (non-1xx) answer was read; the body follows.
         *
         * @param contentLength the declared length, or -1 (chunked, or up to the end of the connection)
         */
        void head(int status, String contentType, long contentLength);

        void bytes(ByteBuffer bytes);
    }

    /** The answer broke HTTP/1.1: the connection cannot be trusted any more. */
    static final class BadAnswerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadAnswerException(String message) {
            super("HTTP protocol violation: " + message);
        }
    }

    private enum State { STATUS, HEADERS, LENGTH_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, EOF_BODY, DONE }

    private Body body;
    /** The line being read; grows up to {@link #MAX_LINE_BYTES} only for an answer that needs it. */
    private byte[] line = new byte[256];
    private int lineLength;
    private int headBytes;
    private State state = State.STATUS;
    private int status;
    private boolean http10;
    private boolean close;
    private boolean chunked;
    private long contentLength = -1;
    private String contentType;
    private long remaining;

    /** Readies the parser for the next answer, whose body goes to {@code body}. */
    void start(Body body) {
        this.body = body;
        lineLength = 0;
        headBytes = 0;
        status = 0;
        resetHead();
    }

    /**
     * Reads what it can of {@code bytes}; stops at the end of the answer, leaving what follows.
     *
     * @return whether the answer is complete
     * @throws BadAnswerException the bytes are not an HTTP/1.1 answer
     */
    boolean feed(ByteBuffer bytes) {
        while (state != State.DONE && bytes.hasRemaining()) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    if (readLine(bytes)) {
                        endOfLine();
                    }
                }
                case LENGTH_BODY, CHUNK_DATA -> bodyBytes(bytes);
                case EOF_BODY -> body.bytes(bytes);
                default -> throw new IllegalStateException(state.name());
            }
        }
        return state == State.DONE;
    }

    /**
     * The connection ended.
     *
     * @return whether that ended the answer (one whose body runs to the end of the connection)
     */
    boolean endOfInput() {
        if (state == State.EOF_BODY) {
            state = State.DONE;
        }
        return state == State.DONE;
    }

    /** Whether any byte of the answer has been read: before that, a closed connection means unreachable. */
    boolean started() {
        return headBytes > 0;
    }

    int status() {
        return status;
    }

    /** Whether the connection may carry another call after this answer. */
    boolean reusable() {
        return state == State.DONE && !close && !http10;
    }

    private boolean readLine(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (++headBytes > MAX_HEAD_BYTES && state != State.CHUNK_SIZE && state != State.CHUNK_END) {
                throw new BadAnswerException("the answer's head is larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == line.length) {
                if (lineLength == MAX_LINE_BYTES) {
                    throw new BadAnswerException("a line of the answer is longer than " + MAX_LINE_BYTES + " bytes");
                }
                line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, 2 * line.length));
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void endOfLine() {
        int length = lineLength;
        lineLength = 0;
        switch (state) {
            case STATUS -> statusLine(length);
            case HEADERS -> {
                if (length == 0) {
                    endOfHead();
                } else {
                    headerField(length);
                }
            }
            case CHUNK_SIZE -> chunkSize(length);
            case CHUNK_END -> {
                if (length != 0) {
                    throw new BadAnswerException("a chunk does not end with CRLF");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (length == 0) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** {@code HTTP/1.1 200 OK}: the version, three digits, then a space or the end of the line. */
    private void statusLine(int length) {
        if (length < 12 || !startsWith(line, "HTTP/1.") || (line[7] != '1' && line[7] != '0') || line[8] != ' '
                || !digit(line[9]) || !digit(line[10]) || !digit(line[11]) || length > 12 && line[12] != ' ') {
            throw new BadAnswerException("bad status line");
        }
        http10 = line[7] == '0';
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        if (status < 100) {
            throw new BadAnswerException("bad status " + status);
        }
        state = State.HEADERS;
    }

    private void headerField(int length) {
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0 || line[0] == ' ' || line[0] == '\t' || line[colon - 1] == ' ' || line[colon - 1] == '\t') {
            // no name, a continuation line (obsolete folding) or whitespace before the colon
            throw new BadAnswerException("bad header field");
        }
        int from = colon + 1;
        int to = length;
        while (from < to && (line[from] == ' ' || line[from] == '\t')) {
            from++;
        }
        while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
            to--;
        }
        if (nameIs(CONTENT_LENGTH, colon)) {
            long value = number(from, to);
            if (contentLength >= 0 && contentLength != value) {
                throw new BadAnswerException("two different Content-Length values");
            }
            contentLength = value;
        } else if (nameIs(TRANSFER_ENCODING, colon)) {
            // the last coding decides; a chunked answer is read chunk by chunk
            chunked = endsWithToken(from, to, CHUNKED);
            if (!chunked) {
                throw new BadAnswerException("a transfer coding other than chunked");
            }
        } else if (nameIs(CONTENT_TYPE, colon)) {
            contentType = new String(line, from, to - from, StandardCharsets.ISO_8859_1);
        } else if (nameIs(CONNECTION, colon)) {
            close |= containsToken(from, to, CLOSE);
        }
    }

    private void endOfHead() {
        if (status < 200) {
            // an interim answer (100 Continue, 103 Early Hints): the real one follows
            resetHead();
            return;
        }
        body.head(status, contentType, chunked ? -1 : contentLength);
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.LENGTH_BODY;
        } else {
            // neither length nor chunks: the body is what comes until the upstream closes
            close = true;
            state = State.EOF_BODY;
        }
    }

    private void resetHead() {
        state = State.STATUS;
        remaining = 0;
        http10 = false;
        close = false;
        chunked = false;
        contentLength = -1;
        contentType = null;
    }

    private void chunkSize(int length) {
        long size = 0;
        int digits = 0;
        for (int i = 0; i < length; i++) {
            int value = Character.digit(line[i], 16);
            if (value < 0) {
                // ";name=value" chunk extensions (and whitespace before them) carry nothing for us
                if (line[i] == ';' || line[i] == ' ' || line[i] == '\t') {
                    break;
                }
                throw new BadAnswerException("bad chunk size");
            }
            if (++digits > 15) {
                throw new BadAnswerException("a chunk size too large");
            }
            size = size * 16 + value;
        }
        if (digits == 0) {
            throw new BadAnswerException("bad chunk size");
        }
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void bodyBytes(ByteBuffer bytes) {
        int n = (int) Math.min(remaining, bytes.remaining());
        ByteBuffer slice = bytes.slice(bytes.position(), n);
        bytes.position(bytes.position() + n);
        remaining -= n;
        if (remaining == 0) {
            state = state == State.CHUNK_DATA ? State.CHUNK_END : State.DONE;
        }
        body.bytes(slice);
    }

    private long number(int from, int to) {
        if (from == to || to - from > 18) {
            throw new BadAnswerException("bad Content-Length");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (!digit(line[i])) {
                throw new BadAnswerException("bad Content-Length");
            }
            value = value * 10 + (line[i] - '0');
        }
        return value;
    }

    private boolean nameIs(byte[] lowerName, int length) {
        if (length != lowerName.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (lower(line[i]) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean endsWithToken(int from, int to, byte[] token) {
        int start = to - token.length;
        if (start < from || !regionIs(start, token)) {
            return false;
        }
        return start == from || line[start - 1] == ',' || line[start - 1] == ' ' || line[start - 1] == '\t';
    }

    /** Whether a comma-separated list holds the token (in any case). */
    private boolean containsToken(int from, int to, byte[] token) {
        int i = from;
        while (i < to) {
            while (i < to && (line[i] == ' ' || line[i] == '\t' || line[i] == ',')) {
                i++;
            }
            int end = i;
            while (end < to && line[end] != ',') {
                end++;
            }
            int last = end;
            while (last > i && (line[last - 1] == ' ' || line[last - 1] == '\t')) {
                last--;
            }
            if (last - i == token.length && regionIs(i, token)) {
                return true;
            }
            i = end;
        }
        return false;
    }

    private boolean regionIs(int from, byte[] lowerToken) {
        for (int i = 0; i < lowerToken.length; i++) {
            if (lower(line[from + i]) != lowerToken[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
