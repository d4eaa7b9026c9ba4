package io.mig.binding.http;

import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * An HTTP/1.1 response's body written straight to its connection's {@link EndPoint}, below the
 * servlet layer, as whole chunks the caller framed itself ({@link #chunk}): a write is one
 * {@code EndPoint.write}, not {@code HttpOutput.write} → response wrappers → the connection's send
 * callback → a chunk header made per write (issue #12, P5a: that path, per subscriber per event,
 * was most of the fan-out's cost). An SSE frame shared by many streams is then chunked once.
 *
 * <p>Only for a response whose head Jetty has sent with {@code Transfer-Encoding: chunked} and no
 * chunk yet: Jetty's generator then owes nothing but the last chunk, which it writes itself when the
 * response completes — so the response must not complete while a write of ours is pending, and
 * nothing may be written through the servlet output meanwhile. HTTP/2 (frames, not chunks) and
 * HTTP/1.0 (no chunking) responses get none and keep the servlet output.
 */
final class ChunkedWrites {
    private static final byte[] CRLF = {'\r', '\n'};

    private final EndPoint endPoint;

    private ChunkedWrites(EndPoint endPoint) {
        this.endPoint = endPoint;
    }

    /** For a committed, chunked HTTP/1.1 response with no chunk written yet; otherwise null. */
    static ChunkedWrites of(Context ctx) {
        try {
            Connection connection = ServletContextRequest.getServletContextRequest(ctx.req())
                    .getConnectionMetaData().getConnection();
            if (connection instanceof HttpConnection http && http.getGenerator().isChunking()
                    && http.getGenerator().isCommitted() && http.getGenerator().getContentPrepared() == 0) {
                return new ChunkedWrites(http.getEndPoint());
            }
        } catch (RuntimeException e) {
            // not a Jetty HTTP/1 exchange (an embedding's own servlet container): the servlet output it is
        }
        return null;
    }

    /** {@code bytes} as one chunk: its length in hex, CRLF, the bytes, CRLF. */
    static byte[] chunk(byte[] bytes) {
        byte[] size = Integer.toHexString(bytes.length).getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[size.length + 2 + bytes.length + 2];
        System.arraycopy(size, 0, chunk, 0, size.length);
        System.arraycopy(CRLF, 0, chunk, size.length, 2);
        System.arraycopy(bytes, 0, chunk, size.length + 2, bytes.length);
        System.arraycopy(CRLF, 0, chunk, chunk.length - 2, 2);
        return chunk;
    }

    /**
     * Writes whole chunks in one gathering write; {@code done} runs when they are written or the
     * write failed. One write at a time.
     */
    void write(Callback done, ByteBuffer... chunks) {
        endPoint.write(done, chunks);
    }

    /** Drops the connection: a client that stopped reading is cut off, a pending write fails. */
    void disconnect() {
        endPoint.close();
    }
}
