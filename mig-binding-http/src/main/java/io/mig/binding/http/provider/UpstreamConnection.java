package io.mig.binding.http.provider;

import io.mig.core.error.MigException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * One keep-alive HTTP/1.1 connection to an upstream, carrying one {@link UnaryExchange} at a time:
 * it writes the call's pre-encoded head and body in one gathering write, and reads the answer on
 * the selector thread ({@link AbstractConnection.NonBlocking}) straight into a {@link ResponseParser}.
 * Between calls it sits in its {@link UpstreamPool} still listening, so an upstream that closes an
 * idle connection (or sends bytes nobody asked for) gets it dropped from the pool at once.
 *
 * <p>Only {@link #onFillable} reads and re-registers read interest (once per pass), so there is
 * never more than one read pending; the connection goes back to the pool only when both its answer
 * is read and its write has returned, so there is never more than one write pending. A call's end is
 * claimed ({@link UnaryExchange#claim}) before the connection goes back to the pool: an abort that
 * wins the claim closes the connection instead.
 */
final class UpstreamConnection extends AbstractConnection.NonBlocking {
    private final UpstreamPool pool;
    /** The server selector this connection was opened on, or null (the provider client's). */
    private final HomeConnector.Home home;
    private final ResponseParser parser = new ResponseParser();
    private final ByteBuffer input;
    /** The call in flight, or null while idle; set before its request is written. */
    private volatile UnaryExchange exchange;
    /**
     * The parts of the call still under way — its write and its answer — before the connection may
     * carry the next: an answer can arrive before the writing thread has left Jetty's write (its
     * flusher still busy), and a second write then would be refused.
     */
    private final AtomicInteger untilIdle = new AtomicInteger();
    private final Callback written = Callback.from(Invocable.InvocationType.NON_BLOCKING, this::partDone, this::writeFailed);

    UpstreamConnection(EndPoint endPoint, Executor executor, UpstreamPool pool, HomeConnector.Home home) {
        super(endPoint, executor);
        this.pool = pool;
        this.home = home;
        this.input = BufferUtil.allocate(8 * 1024);
        endPoint.setIdleTimeout(ProviderClient.POOLED_IDLE_TIMEOUT_MS);
    }

    @Override
    public void onOpen() {
        super.onOpen();
        fillInterested();
    }

    HomeConnector.Home home() {
        return home;
    }

    /** Writes the call's request; the answer arrives in {@link #onFillable}. */
    void send(UnaryExchange call) {
        if (call.isDone()) {
            // aborted while it waited for this connection: the next call may have it
            pool.release(this);
            return;
        }
        parser.start(call);
        untilIdle.set(2);
        exchange = call;
        call.attach(this);
        if (call.isDone()) {
            // aborted just now, and it may not have seen this connection: never reuse it
            close();
            return;
        }
        // the call's bound on silence, when it is longer than the connection's: Jetty takes a longer
        // timeout at its next check, while a shorter one reschedules that check (twice a call, 1.5 %
        // of the request path). A shorter bound is the gateway's deadline's, which aborts the call
        // and closes this connection first.
        long bound = call.idleTimeoutMs();
        if (bound > getEndPoint().getIdleTimeout()) {
            getEndPoint().setIdleTimeout(bound);
        }
        getEndPoint().write(written, call.head(), call.body());
    }

    /** The write or the answer is done; after both, the connection goes back to the pool. */
    private void partDone() {
        if (untilIdle.decrementAndGet() == 0) {
            pool.release(this);
        }
    }

    @Override
    public void onFillable() {
        try {
            while (true) {
                int filled = getEndPoint().fill(input);
                if (filled == 0) {
                    fillInterested();
                    return;
                }
                if (filled < 0) {
                    endOfInput();
                    return;
                }
                if (!parse()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Feeds what was read to the call: true to read on (the answer is not whole yet), false when it is
     * done with — answered (read interest registered again) or closed.
     */
    private boolean parse() {
        UnaryExchange call = exchange;
        if (call == null) {
            // bytes nobody asked for: this connection cannot be trusted with the next call
            close();
            return false;
        }
        boolean complete;
        try {
            complete = parser.feed(input);
        } catch (ResponseParser.BadAnswerException | MigException e) {
            fail(e);
            return false;
        }
        if (!complete) {
            BufferUtil.clear(input);
            return true;
        }
        // anything after the answer would be an answer to a call nobody made
        boolean reusable = parser.reusable() && !input.hasRemaining();
        BufferUtil.clear(input);
        exchange = null;
        if (!call.claim()) {
            // aborted as the answer came in: the abort closes this connection
            close();
            return false;
        }
        if (reusable) {
            if (getEndPoint().getIdleTimeout() > ProviderClient.POOLED_IDLE_TIMEOUT_MS + ProviderClient.POOLED_IDLE_SLACK_MS) {
                getEndPoint().setIdleTimeout(ProviderClient.POOLED_IDLE_TIMEOUT_MS);
            }
            partDone();
        } else {
            close();
        }
        call.answered();
        if (reusable && getEndPoint().isOpen()) {
            // the answer is whole: wait for the next bytes (of a call sent meanwhile, maybe by answered()
            // itself) instead of reading once more now only to be told there are none — a read less per call
            fillInterested();
        }
        return false;
    }

    private void endOfInput() {
        UnaryExchange call = exchange;
        if (call != null && parser.endOfInput()) {
            // an answer whose body ran to the end of the connection
            exchange = null;
            if (call.claim()) {
                call.answered();
            }
            close();
            return;
        }
        // the upstream closed: before (or in the middle of) an answer the call cannot be retried here
        fail(new EOFException(call == null || !parser.started() ? "the upstream closed the connection"
                : "the upstream closed the connection in the middle of its answer"));
    }

    private void writeFailed(Throwable failure) {
        fail(failure);
    }

    /** Ends the call in flight, if any, with {@code failure}, and closes the connection. */
    private void fail(Throwable failure) {
        UnaryExchange call = exchange;
        exchange = null;
        close();
        if (call != null && call.claim()) {
            call.failed(failure);
        }
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        // idle in the pool for too long, or an upstream silent past the call's deadline
        fail(timeout);
        return true;
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        fail(cause);
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        pool.closed(this);
        UnaryExchange call = exchange;
        if (call != null) {
            exchange = null;
            if (call.claim()) {
                call.failed(cause != null ? cause : new ClosedChannelException());
            }
        }
    }
}
