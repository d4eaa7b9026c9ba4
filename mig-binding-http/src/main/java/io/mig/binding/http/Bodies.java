package io.mig.binding.http;

import io.javalin.http.Context;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies without ever buffering past the limit (SPEC §11).
 *
 * <p>An oversize body is refused with 413, but first up to {@link #DISCARD_CAP} more bytes of it are
 * read and thrown away: a client that is still sending when the server hangs up would otherwise get
 * a connection reset instead of the answer (what nginx calls a lingering close). Beyond the cap the
 * server answers at once and closes.
 */
final class Bodies {
    static final long DISCARD_CAP = 8L * 1024 * 1024;

    private Bodies() {
    }

    static byte[] read(Context ctx, long limit) {
        try {
            return read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), limit);
        } catch (IOException e) {
            throw MigException.invalid("request body could not be read: " + e.getMessage());
        }
    }

    /** The same for a body read from {@code input}, of {@code declared} length (-1: not declared). */
    static byte[] read(InputStream input, long declared, long limit) {
        try (InputStream in = input) {
            if (declared > limit) {
                if (declared - limit <= DISCARD_CAP) {
                    discard(in, declared);
                }
                throw tooLarge(limit);
            }
            if (declared >= 0) {
                // the usual case: one array of the declared size, no chunk buffer and no copy; Jetty
                // ends the content at the declared length, so nothing follows it
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read < body.length ? java.util.Arrays.copyOf(body, read) : body;
            }
            return readUndeclared(in, limit);
        } catch (IOException e) {
            throw MigException.invalid("request body could not be read: " + e.getMessage());
        }
    }

    /** Reads a body of no declared length (chunked), refusing it once it passes {@code limit}. */
    private static byte[] readUndeclared(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        byte[] chunk = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) != -1) {
            total += n;
            if (total > limit) {
                discard(in, DISCARD_CAP);
                throw tooLarge(limit);
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads and drops at most {@code max} bytes, stopping at the end of the body. */
    private static void discard(InputStream in, long max) throws IOException {
        byte[] scratch = new byte[8192];
        long dropped = 0;
        int n;
        while (dropped < max && (n = in.read(scratch, 0, (int) Math.min(scratch.length, max - dropped))) != -1) {
            dropped += n;
        }
    }

    private static MigException tooLarge(long limit) {
        return MigException.invalid("request body is larger than " + limit + " bytes")
                .withReason(ErrorReason.TOO_LARGE).withDetail("max_body_bytes", limit);
    }
}
