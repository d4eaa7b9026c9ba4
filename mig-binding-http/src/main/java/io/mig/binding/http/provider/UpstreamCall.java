package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.spi.StreamItem;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * One exchange with an HTTP provider over Jetty's client: every streamed call, and unary calls to
 * {@code https://} upstreams (unary calls to {@code http://} ones go over {@link UpstreamPool}). It
 * reads the answer from Jetty's content source only as fast as its {@link Sink} wants items, so an
 * endless upstream stream is held back by TCP flow control instead of piling up in memory;
 * {@link #abort} closes the connection, which is how a provider learns that a deadline passed or the
 * caller cancelled.
 *
 * <p>Jetty calls back on the client's selector thread (the transport is {@code NON_BLOCKING}),
 * where nothing may block: a whole answer is read and parsed there, and what follows — the sink's
 * final callback, and every item of a streamed answer — runs on the pool unless it cannot block.
 */
final class UpstreamCall {
    /** After the terminal item, this much of a trailing answer is read so the connection can be reused. */
    private static final int MAX_DISCARD_BYTES = 64 * 1024;

    /** Where the answer goes: a unary result, or stream items as they are demanded. */
    interface Sink {
        /** False pauses reading until {@link UpstreamCall#resume()}. */
        boolean wantsMore();

        void item(StreamItem item);

        void result(ObjectNode payload);

        void fail(MigException error);

        /** A streamed answer ended normally. */
        void end();
    }

    private final Request request;
    private final Sink sink;
    private final int maxAnswerBytes;
    private final Executor pool;
    private final boolean completionMayBlock;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Content.Source source;
    private volatile boolean discarding;
    private int status;
    private Answers.Format format;
    private AnswerBuffer body;
    private LineDecoder lines;
    private long discarded;

    /**
     * @param pool               where what may block runs: the sink's callbacks, unless
     *                           {@code completionMayBlock} is false, and the reading of a streamed answer
     * @param completionMayBlock whether the sink's final callback ({@link Sink#result}, {@link Sink#fail})
     *                           may block
     */
    UpstreamCall(Request request, Sink sink, int maxAnswerBytes, Executor pool, boolean completionMayBlock) {
        this.request = request;
        this.sink = sink;
        this.maxAnswerBytes = maxAnswerBytes;
        this.pool = pool;
        this.completionMayBlock = completionMayBlock;
    }

    void send() {
        // two separate listeners: Jetty notifies one object implementing both interfaces twice
        request.onResponseContentSource(this::onContentSource).send(this::onComplete);
    }

    /** Ends the exchange now; the upstream sees its connection closed. */
    void abort(Throwable cause) {
        request.abort(cause);
    }

    /** The sink wants items again. */
    void resume() {
        if (paused.compareAndSet(true, false)) {
            read();
        }
    }

    /**
     * The caller has what it needs (the terminal item). Read what little may follow, so the
     * connection goes back to the pool, instead of closing it.
     */
    void discardRest() {
        discarding = true;
        resume();
    }

    private void onContentSource(Response response, Content.Source content) {
        status = response.getStatus();
        format = Answers.format(status, response.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (format == Answers.Format.JSON) {
            long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            body = new AnswerBuffer(declared, maxAnswerBytes);
        } else {
            lines = new LineDecoder(format == Answers.Format.SSE, maxAnswerBytes, sink::item);
        }
        source = content;
        if (lines == null) {
            read();
        } else {
            // each item goes to the sink as it is read, and the sink's subscriber may block
            runOnPool(this::read);
        }
    }

    private void onComplete(Result result) {
        if (result.isFailed()) {
            finish(Answers.failure(result.getFailure()));
        } else if (source == null) {
            // an answer without content: judged like an empty body
            status = result.getResponse().getStatus();
            completeAnswer();
        }
    }

    private void read() {
        Content.Source content = source;
        while (true) {
            if (format != Answers.Format.JSON && !discarding && !sink.wantsMore()) {
                paused.set(true);
                // demand may have arrived between the check and the flag: whoever clears the flag reads
                if (!sink.wantsMore() || !paused.compareAndSet(true, false)) {
                    return;
                }
            }
            Content.Chunk chunk = content.read();
            if (chunk == null) {
                // a whole answer is only copied, on the selector; a plain Runnable is a blocking task to Jetty
                content.demand(lines == null ? Invocable.from(Invocable.InvocationType.NON_BLOCKING, this::read) : this::read);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                finish(Answers.failure(chunk.getFailure()));
                return;
            }
            boolean last = chunk.isLast();
            try {
                consume(chunk.getByteBuffer());
            } catch (MigException e) {
                abort(e);
                finish(e);
                return;
            } finally {
                chunk.release();
            }
            if (last) {
                completeAnswer();
                return;
            }
        }
    }

    private void consume(ByteBuffer bytes) {
        if (discarding) {
            discarded += bytes.remaining();
            if (discarded > MAX_DISCARD_BYTES) {
                throw Answers.tooLarge(MAX_DISCARD_BYTES);
            }
            return;
        }
        if (lines != null) {
            lines.feed(bytes);
            return;
        }
        body.append(bytes);
    }

    private void completeAnswer() {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        if (lines != null) {
            // a streamed answer is read on the pool (onContentSource)
            try {
                if (!discarding) {
                    lines.finish();
                }
                sink.end();
            } catch (MigException e) {
                sink.fail(e);
            }
            return;
        }
        ObjectNode payload;
        try {
            payload = body == null ? Answers.body(status, new byte[0], 0) : body.judge(status);
        } catch (MigException e) {
            deliver(() -> sink.fail(e));
            return;
        }
        deliver(() -> sink.result(payload));
    }

    private void finish(MigException error) {
        if (completed.compareAndSet(false, true)) {
            deliver(() -> sink.fail(error));
        }
    }

    /** The sink's final callback: where it was called unless it may block (this may be the selector thread). */
    private void deliver(Runnable completion) {
        deliver(completion, completionMayBlock, pool);
    }

    /**
     * The rule for a sink's final callback on either connection to an upstream: where the answer was
     * read (the selector thread) unless it may block, else on {@code pool}.
     */
    static void deliver(Runnable completion, boolean mayBlock, Executor pool) {
        if (mayBlock) {
            runOnPool(completion, pool);
        } else {
            completion.run();
        }
    }

    private void runOnPool(Runnable task) {
        runOnPool(task, pool);
    }

    private static void runOnPool(Runnable task, Executor pool) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException stopped) {
            // the client is stopping: the answer still reaches its sink
            task.run();
        }
    }
}
