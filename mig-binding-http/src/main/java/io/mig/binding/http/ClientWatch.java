package io.mig.binding.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Tells when the client of a request still being answered has gone away, without polling: it asks
 * the connection to call back when the client's side becomes readable. A client waiting for its
 * answer (an SSE stream, a unary INVOKE) sends nothing more, so that only happens at end-of-stream.
 * It must be {@link #stop() stopped} before the response completes, since the connection then reads
 * the next request itself.
 */
final class ClientWatch implements Callback {
    private static final IOException FINISHED = new IOException("the answer ended") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    private final AbstractEndPoint endPoint;
    private final Runnable gone;
    private final boolean discardsInput;
    private final ByteBuffer buffer = BufferUtil.allocate(16);
    private final AtomicBoolean interested = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean readAhead;

    private ClientWatch(AbstractEndPoint endPoint, Runnable gone, boolean discardsInput) {
        this.endPoint = endPoint;
        this.gone = gone;
        this.discardsInput = discardsInput;
    }

    /**
     * A watch that runs {@code gone} when the client hangs up; null when the connection cannot give
     * one (then poll, or go without).
     *
     * @param discardsInput whether bytes the client sends meanwhile are read and dropped (an SSE
     *                      client has nothing to say) or end the watch, kept for nobody (a unary
     *                      caller's next pipelined request: see {@link #readAhead()})
     */
    static ClientWatch of(Context ctx, Runnable gone, boolean discardsInput) {
        try {
            return of(endPoint(ctx), gone, discardsInput);
        } catch (RuntimeException e) {
            return null; // no connection to watch
        }
    }

    /** The same for the connection's own end point (a request served by a Jetty core handler). */
    static ClientWatch of(EndPoint connection, Runnable gone, boolean discardsInput) {
        try {
            if (connection instanceof AbstractEndPoint endPoint) {
                ClientWatch watch = new ClientWatch(endPoint, gone, discardsInput);
                return watch.register() ? watch : null;
            }
        } catch (RuntimeException e) {
            // no connection to watch (e.g. an HTTP/2 stream)
        }
        return null;
    }

    static EndPoint endPoint(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint();
    }

    /**
     * Whether the client sent bytes while it waited (a pipelined request), which this watch read:
     * the response must then close the connection, so that the client sends that request again.
     */
    boolean readAhead() {
        return readAhead;
    }

    private boolean register() {
        interested.set(true);
        if (!endPoint.tryFillInterested(this)) {
            interested.set(false);
            return false;
        }
        if (stopped) {
            endPoint.getFillInterest().onFail(FINISHED); // stopped while registering: withdraw
        }
        return true;
    }

    @Override
    public void succeeded() {
        interested.set(false);
        if (stopped) {
            return;
        }
        try {
            int read = endPoint.fill(buffer);
            BufferUtil.clear(buffer);
            if (read < 0 || !endPoint.isOpen()) {
                gone.run();
            } else if (read > 0 && !discardsInput) {
                readAhead = true; // the client is there; what it sent is lost, so the connection must close
            } else if (!stopped && !register()) {
                gone.run(); // someone else reads this connection: we cannot tell any more
            }
        } catch (IOException | RuntimeException e) {
            gone.run();
        }
    }

    @Override
    public void failed(Throwable failure) {
        interested.set(false);
        if (failure == FINISHED) {
            return;
        }
        // the connection's idle timeout tells the reader first: a caller waiting quietly for a long
        // answer is still there, so watch on while the connection stays open
        if (failure instanceof TimeoutException && !stopped && endPoint.isOpen() && register()) {
            return;
        }
        gone.run();
    }

    /** Withdraws the watch; call it before the response completes. */
    void stop() {
        stopped = true;
        if (interested.get()) {
            endPoint.getFillInterest().onFail(FINISHED);
        }
    }
}
