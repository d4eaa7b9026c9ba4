package io.mig.binding.http;

import io.javalin.http.Context;
import io.mig.core.error.MigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies without ever buffering past the limit (SPEC §11). */
final class Bodies {
    private Bodies() {
    }

    static byte[] read(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), limit));
            byte[] chunk = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(chunk)) != -1) {
                total += n;
                if (total > limit) {
                    throw tooLarge(limit);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw MigException.invalid("request body could not be read: " + e.getMessage());
        }
    }

    private static MigException tooLarge(long limit) {
        return MigException.invalid("request body is larger than " + limit + " bytes")
                .withHttpStatus(413).withDetail("max_body_bytes", limit);
    }
}
