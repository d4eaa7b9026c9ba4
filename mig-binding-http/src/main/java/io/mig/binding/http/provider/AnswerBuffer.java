package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A whole (non-streamed) answer's bytes as they arrive, at most {@code maxAnswerBytes}: sized at
 * first by the declared {@code Content-Length} (never above the limit, so a false length cannot
 * make it allocate more), grown by doubling when the bytes run past it. Both connections to an
 * upstream — Jetty's ({@link UpstreamCall}) and the lean one ({@link UnaryExchange}) — collect
 * answers in one.
 */
final class AnswerBuffer {
    private final int maxAnswerBytes;
    private byte[] bytes;
    private int length;

    /** @param declaredLength the answer's {@code Content-Length}, or -1 when it has none */
    AnswerBuffer(long declaredLength, int maxAnswerBytes) {
        this.maxAnswerBytes = maxAnswerBytes;
        this.bytes = new byte[(int) Math.max(64, Math.min(declaredLength, maxAnswerBytes))];
    }

    /**
     * Appends what {@code more} holds.
     *
     * @throws MigException the answer would pass {@code maxAnswerBytes} ({@link Answers#tooLarge})
     */
    void append(ByteBuffer more) {
        int n = more.remaining();
        if (length + n > maxAnswerBytes) {
            throw Answers.tooLarge(maxAnswerBytes);
        }
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(maxAnswerBytes, Math.max(length + n, bytes.length * 2)));
        }
        more.get(bytes, length, n);
        length += n;
    }

    /** The answer's payload, or the MIG error it stands for ({@link Answers#body}). */
    ObjectNode judge(int status) {
        return Answers.body(status, bytes, length);
    }
}
