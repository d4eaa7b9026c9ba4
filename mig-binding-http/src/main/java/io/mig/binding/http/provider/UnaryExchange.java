package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One unary call on an {@link UpstreamConnection}: the request's bytes, and the answer read from
 * the connection's {@link ResponseParser} — a JSON body, or an SSE/NDJSON one cut into items as
 * {@link UpstreamCall} does. It ends exactly once, by whoever {@link #claim}s it first: the
 * connection with the answer or a failure, or {@link #abort} (cancellation, a caller gone).
 *
 * <p>The final callback runs where the answer was read (the selector thread) unless the sink may
 * block — the rule of {@link UpstreamCall}; nothing else leaves the selector.
 */
final class UnaryExchange implements ResponseParser.Body {
    private final ByteBuffer head;
    private final ByteBuffer body;
    private final UpstreamCall.Sink sink;
    private final int maxAnswerBytes;
    private final Executor pool;
    private final boolean completionMayBlock;
    private final long idleTimeoutMs;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile UpstreamConnection connection;
    private int status;
    private AnswerBuffer answer;
    private LineDecoder lines;

    /**
     * @param idleTimeoutMs      how long the connection may stay silent during the call: past the
     *                           deadline, so the gateway's own deadline normally ends the call first
     * @param completionMayBlock whether the sink's final callback may block (then it runs on {@code pool})
     */
    UnaryExchange(ByteBuffer head, byte[] body, UpstreamCall.Sink sink, int maxAnswerBytes, Executor pool,
                  boolean completionMayBlock, long idleTimeoutMs) {
        this.head = head;
        this.body = ByteBuffer.wrap(body);
        this.sink = sink;
        this.maxAnswerBytes = maxAnswerBytes;
        this.pool = pool;
        this.completionMayBlock = completionMayBlock;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    ByteBuffer head() {
        return head;
    }

    ByteBuffer body() {
        return body;
    }

    long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    boolean isDone() {
        return claimed.get();
    }

    /** Takes the right to end the call; only the first caller gets it. */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** The connection the call was written to; set before the request is, read by {@link #abort}. */
    void attach(UpstreamConnection connection) {
        this.connection = connection;
    }

    @Override
    public void head(int status, String contentType, long contentLength) {
        this.status = status;
        Answers.Format format = Answers.format(status, contentType);
        if (format == Answers.Format.JSON) {
            // sized as declared (a larger one fails when its bytes arrive, as on Jetty's path)
            answer = new AnswerBuffer(contentLength, maxAnswerBytes);
        } else {
            lines = new LineDecoder(format == Answers.Format.SSE, maxAnswerBytes, sink::item);
        }
    }

    /** @throws MigException an answer over the limit, or an item that is an error or not JSON */
    @Override
    public void bytes(ByteBuffer bytes) {
        if (lines != null) {
            lines.feed(bytes);
            return;
        }
        answer.append(bytes);
    }

    /** The whole answer was read (by the claimer): judge it and hand it to the sink. */
    void answered() {
        if (lines != null) {
            try {
                lines.finish();
            } catch (MigException e) {
                deliver(() -> sink.fail(e));
                return;
            }
            deliver(sink::end);
            return;
        }
        ObjectNode payload;
        try {
            payload = answer == null ? Answers.body(status, new byte[0], 0) : answer.judge(status);
        } catch (MigException e) {
            deliver(() -> sink.fail(e));
            return;
        }
        deliver(() -> sink.result(payload));
    }

    /** The call failed (by the claimer): it reads as {@link Answers#failure} makes it. */
    void failed(Throwable cause) {
        MigException error = Answers.failure(cause);
        deliver(() -> sink.fail(error));
    }

    /** Ends the call now; its connection, if it has one, is closed so the upstream sees it. */
    void abort(Throwable cause) {
        if (!claim()) {
            return;
        }
        UpstreamConnection attached = connection;
        if (attached != null) {
            attached.close();
        }
        failed(cause);
    }

    private void deliver(Runnable completion) {
        UpstreamCall.deliver(completion, completionMayBlock, pool);
    }
}
