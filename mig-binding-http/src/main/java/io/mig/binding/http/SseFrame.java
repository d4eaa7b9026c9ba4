package io.mig.binding.http;

import java.nio.charset.StandardCharsets;

/**
 * One SSE frame's bytes, and the same bytes as one HTTP/1.1 chunk, each made once and shared by
 * every stream that sends the frame: a stream writing its connection directly
 * ({@link ChunkedWrites}) sends the chunk, any other the bare frame. Never written to.
 */
final class SseFrame {
    private final byte[] bytes;
    private volatile byte[] chunk; // made on first use: a race makes it twice, equal both times

    SseFrame(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A frame of ASCII text, e.g. a comment. */
    static SseFrame of(String text) {
        return new SseFrame(text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        return bytes;
    }

    byte[] chunk() {
        byte[] made = chunk;
        if (made == null) {
            made = ChunkedWrites.chunk(bytes);
            chunk = made;
        }
        return made;
    }

    /** The bytes a stream sends: the chunk when it frames chunks itself. */
    byte[] bytes(boolean chunked) {
        return chunked ? chunk() : bytes;
    }
}
