package io.mig.binding.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One SSE frame's bytes, and the same bytes as one HTTP/1.1 chunk, each made once and shared by
 * every stream that sends the frame: a stream writing its connection directly
 * ({@link ChunkedWrites}) sends the chunk, any other the bare frame. Never written to.
 *
 * <p>A frame {@link #shared shared} by many streams (an event to all of a topic's subscribers) keeps
 * its chunk in direct memory, so a thousand writes of it are a thousand gathering writes from the
 * same bytes: nothing is copied per subscriber, neither into a batch nor by NIO into its temporary
 * direct buffer (issue #12, P5a).
 */
final class SseFrame {
    /** Direct memory for shared chunks is cut from slabs of this size (one allocation per MiB of events). */
    private static final int SLAB_BYTES = 1 << 20;
    private static ByteBuffer slab = ByteBuffer.allocateDirect(0); // guarded by SseFrame.class

    private final byte[] bytes;
    private final boolean shared;
    private volatile byte[] chunk; // made on first use: a race makes it twice, equal both times
    private volatile ByteBuffer directChunk;

    private SseFrame(byte[] bytes, boolean shared) {
        this.bytes = bytes;
        this.shared = shared;
    }

    /** A frame one stream sends. */
    SseFrame(byte[] bytes) {
        this(bytes, false);
    }

    /** A frame many streams send: its chunk lives in direct memory. */
    static SseFrame shared(byte[] bytes) {
        return new SseFrame(bytes, true);
    }

    /** A frame of ASCII text, e.g. a comment. */
    static SseFrame of(String text) {
        return new SseFrame(text.getBytes(StandardCharsets.UTF_8), true);
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

    /** The chunk as a buffer of its own to write (a view of the shared bytes: never written to). */
    ByteBuffer chunkBuffer() {
        if (!shared) {
            return ByteBuffer.wrap(chunk());
        }
        ByteBuffer made = directChunk;
        if (made == null) {
            made = direct(chunk());
            directChunk = made;
        }
        return made.duplicate();
    }

    private static synchronized ByteBuffer direct(byte[] bytes) {
        if (bytes.length > SLAB_BYTES / 8) {
            return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        }
        if (slab.remaining() < bytes.length) {
            slab = ByteBuffer.allocateDirect(SLAB_BYTES);
        }
        ByteBuffer piece = slab.slice(slab.position(), bytes.length).put(bytes).flip();
        slab.position(slab.position() + bytes.length);
        return piece.asReadOnlyBuffer();
    }
}
