package io.mig.binding.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.HostPort;

/**
 * An HTTP/1.1 connection of the plain listener that answers the hot route —
 * {@code POST /mig/v0.1/invoke/{capability}}, whole in one read — itself, and hands itself over to
 * Jetty's {@code HttpConnection} (with every byte it read) at the first request it does not take
 * (issue #12, P1). Those requests are {@link LeanRequest}'s to recognise and {@link UnaryRouteHandler#lean}'s
 * to accept; the call runs exactly as the core handler runs it, through the same code, and only the
 * parsing of the request and the writing of the answer's head are this connection's.
 *
 * <p>What it saves per request, beside Jetty's general parser, request and response objects: the
 * caller's read interest stays registered while the call runs (the answer does not wait for it), so
 * the selector neither drops and re-adds it nor reads once more for a pipelined request after each
 * answer. That interest also tells of a hang-up as it happens — the call is then cancelled, as the
 * core handler's late {@link ClientWatch} would — and bytes a pipelining caller sends meanwhile are
 * kept and handed to Jetty after the answer.
 *
 * <p>Threads: it runs where its selector runs it (it never blocks, and the calls it accepts are
 * those {@code BindingGateway.invokesWithoutBlocking} says run without blocking); an answer is
 * written from the thread that completes it, with one non-blocking gathering write. Its state is
 * guarded by the connection itself.
 */
final class LeanConnection extends AbstractConnection implements Connection.UpgradeFrom {
    private static final System.Logger LOG = System.getLogger(LeanConnection.class.getName());
    private static final int FULL = Integer.MAX_VALUE;
    /** Withdraws the read interest of a connection handed over while it waited for an answer. */
    private static final Exception HANDED_OVER = new Exception("handed over to Jetty's HTTP connection", null, false, false) {
    };

    private final Connector connector;
    private final HttpConnectionFactory http;
    private final UnaryRouteHandler routes;
    private final ByteBufferPool pool;
    private final int maxHeadBytes;
    private final long maxBodyBytes;
    /**
     * What one read takes at most: the request buffer of Jetty's connection, which takes what was
     * read and not served at a hand-over and would drop what does not fit. A request this connection
     * serves fits in it, head and body (8 KB by default); a larger one goes to Jetty.
     */
    private final int bufferBytes;
    private final Callback readable = new Readable();
    private String remote;

    // guarded by this
    private RetainableByteBuffer pooled;
    /** The bytes read and not yet served, in {@link #pooled}: exactly {@link #bufferBytes} of room. */
    private ByteBuffer buffer;
    /** The call whose answer is awaited, and what its caller's hang-up cancels. */
    private UnaryRouteHandler.LeanCall inFlight;
    private Runnable hangUp;
    /** The call the serving thread is starting: if it is answered meanwhile, that thread goes on. */
    private UnaryRouteHandler.LeanCall starting;
    private boolean eof;
    /** The answer closes the connection: output shut, input read to its end and dropped. */
    private boolean closing;
    private boolean handedOver;
    private ByteBuffer handOverBytes;

    private LeanConnection(Connector connector, EndPoint endPoint, Factory factory) {
        super(endPoint, connector.getExecutor());
        this.connector = connector;
        this.http = factory.http;
        this.routes = factory.routes;
        this.pool = connector.getByteBufferPool();
        this.maxHeadBytes = factory.http.getHttpConfiguration().getRequestHeaderSize();
        this.maxBodyBytes = factory.maxBodyBytes;
        this.bufferBytes = factory.http.getInputBufferSize();
    }

    /** Makes the plain listener's connections, in front of its {@link HttpConnectionFactory}. */
    static final class Factory extends AbstractConnectionFactory {
        private final HttpConnectionFactory http;
        private final UnaryRouteHandler routes;
        private final long maxBodyBytes;

        Factory(HttpConnectionFactory http, UnaryRouteHandler routes, long maxBodyBytes) {
            super("mig-http/1.1");
            this.http = http;
            this.routes = routes;
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            return configure(new LeanConnection(connector, endPoint, this), connector, endPoint);
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().fillInterested(readable);
    }

    @Override
    public void onFillable() {
        Runnable gone = null;
        synchronized (this) {
            if (handedOver) {
                return;
            }
            int read = fill();
            eof |= read < 0;
            if (closing) {
                if (eof) {
                    getEndPoint().close();
                } else {
                    BufferUtil.clear(buffer); // after the last answer: dropped
                    arm();
                }
                return;
            }
            if (inFlight != null) {
                if (!eof) {
                    if (read != FULL) {
                        arm(); // kept for after the answer; a full buffer waits for it
                    }
                    return;
                }
                gone = hangUp; // the caller hung up before its answer
                hangUp = null;
                if (gone == null) {
                    return; // not watched (yet): the answer's write fails, or sees the end, and closes
                }
            } else if (eof) {
                getEndPoint().close();
                return;
            }
        }
        if (gone != null) {
            gone.run();
        } else {
            serve();
        }
    }

    /** One read into the buffer: its count, -1 at end of input, {@link #FULL} when there is no room. */
    private int fill() {
        if (buffer == null) {
            pooled = pool.acquire(bufferBytes, false);
            ByteBuffer whole = pooled.getByteBuffer();
            buffer = whole.duplicate().clear().limit(bufferBytes).slice(); // the pool may give more room
            BufferUtil.clear(buffer);
        }
        ByteBuffer bytes = buffer;
        if (bytes.limit() == bytes.capacity()) {
            if (bytes.position() == 0) {
                return FULL;
            }
            BufferUtil.compact(bytes);
        }
        try {
            return getEndPoint().fill(bytes);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Serves the requests read, one after another while each is answered on this thread; when one
     * waits for its answer, reads on. Runs only while no call is in flight and the read interest is
     * not registered, so nothing else touches the buffer meanwhile but an answer's completion.
     */
    private void serve() {
        while (true) {
            LeanRequest request;
            byte[] body;
            synchronized (this) {
                if (handedOver) {
                    return;
                }
                if (closing) {
                    if (getEndPoint().isOpen()) {
                        arm(); // to see the caller close its side
                    }
                    return;
                }
                ByteBuffer bytes = buffer;
                if (bytes == null || !bytes.hasRemaining()) {
                    releaseIfEmpty();
                    arm();
                    return;
                }
                int start = bytes.arrayOffset() + bytes.position();
                request = LeanRequest.parse(bytes.array(), start, bytes.arrayOffset() + bytes.limit(), maxHeadBytes, maxBodyBytes);
                body = request == null ? null
                        : Arrays.copyOfRange(bytes.array(), start + request.headLength, start + request.length);
            }
            UnaryRouteHandler.LeanCall call = request == null ? null : routes.lean(this, request, body);
            if (call == null) {
                synchronized (this) {
                    startHandOver();
                }
                upgrade();
                return;
            }
            synchronized (this) {
                buffer.position(buffer.position() + request.length);
                inFlight = call;
                starting = call;
            }
            try {
                call.start();
            } catch (Throwable e) {
                // the call answers every failure itself: one that escapes leaves no answer to wait for
                LOG.log(System.Logger.Level.ERROR, "an INVOKE failed on its connection; closing it", e);
                getEndPoint().close(e);
                return;
            }
            synchronized (this) {
                starting = null;
                if (inFlight == call) {
                    // the answer comes later: meanwhile the read interest tells of a hang-up
                    if (!closing && !handedOver && !full()) {
                        arm();
                    }
                    return;
                }
                // answered on this thread already: on to what else was read
            }
        }
    }

    /**
     * Writes a call's answer: a head as Jetty's would be (status line, {@code Date},
     * {@code Content-Type}, {@code Content-Length}, the route's own headers) and the body, in one
     * gathering write.
     */
    void respond(UnaryRouteHandler.LeanCall call, int status, String contentType, HttpFields headers, byte[] body) {
        StringBuilder head = new StringBuilder(160)
                .append("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.getMessage(status)).append("\r\n");
        HttpField date = connector.getServer().getDateField();
        head.append("Date: ").append(date.getValue()).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        boolean close = false;
        if (headers != null) {
            for (HttpField field : headers) {
                head.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
                close |= field.getHeader() == HttpHeader.CONNECTION && field.contains("close");
            }
        }
        head.append("\r\n");
        getEndPoint().write(new Written(call, close),
                ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)), ByteBuffer.wrap(body));
    }

    /** After a call's answer was written, or failed to be. */
    private void written(UnaryRouteHandler.LeanCall call, boolean close, boolean failed) {
        call.written();
        boolean handOver;
        synchronized (this) {
            inFlight = null;
            hangUp = null;
            if (failed || eof) {
                closing = true;
                getEndPoint().close();
                return;
            }
            if (close) {
                // as Jetty does: output shut now, the connection closed when the caller closes its side
                closing = true;
                getEndPoint().shutdownOutput();
                if (starting != call) {
                    arm();
                }
                return;
            }
            if (starting == call) {
                return; // the thread that started it goes on with what follows
            }
            handOver = buffer != null && buffer.hasRemaining();
            if (!handOver) {
                releaseIfEmpty(); // the read interest stays registered for the next request
                return;
            }
            // bytes the caller sent while it waited: Jetty takes them, with the connection (a read
            // the selector runs from now on leaves the bytes to it)
            startHandOver();
        }
        if (getEndPoint() instanceof AbstractEndPoint endPoint) {
            endPoint.getFillInterest().onFail(HANDED_OVER); // Jetty's connection asks for its own
        }
        upgrade();
    }

    /** What the caller's hang-up cancels while a call runs (null: nothing now). */
    synchronized void watch(Runnable gone) {
        hangUp = gone;
    }

    /** The caller's address as {@code ip:port}, as Jetty's request gives it. */
    String remote() {
        String known = remote;
        if (known == null) {
            SocketAddress address = getEndPoint().getRemoteSocketAddress();
            if (address instanceof InetSocketAddress inet) {
                InetAddress ip = inet.getAddress();
                known = HostPort.normalizeHost(ip == null ? inet.getHostString() : ip.getHostAddress()) + ":" + inet.getPort();
            } else {
                known = String.valueOf(address);
            }
            remote = known;
        }
        return known;
    }

    /** Ends this connection's part, under its lock: every byte read and not served is kept for Jetty's. */
    private void startHandOver() {
        handedOver = true;
        if (buffer != null) {
            handOverBytes = BufferUtil.allocate(buffer.remaining());
            BufferUtil.append(handOverBytes, buffer);
            releaseBuffer();
        }
    }

    /** Gives the connection, with those bytes, to Jetty's HTTP/1.1 connection (outside the lock: it serves them now). */
    private void upgrade() {
        getEndPoint().upgrade(http.newConnection(connector, getEndPoint()));
    }

    @Override
    public synchronized ByteBuffer onUpgradeFrom() {
        ByteBuffer bytes = handOverBytes;
        handOverBytes = null;
        return bytes;
    }

    private void arm() {
        getEndPoint().tryFillInterested(readable);
    }

    private boolean full() {
        return buffer != null && buffer.position() == 0 && buffer.limit() == buffer.capacity();
    }

    /** Gives the buffer back to the pool when nothing is left in it (an idle connection holds none). */
    private void releaseIfEmpty() {
        if (buffer != null && !buffer.hasRemaining()) {
            releaseBuffer();
        }
    }

    private void releaseBuffer() {
        pooled.release();
        pooled = null;
        buffer = null;
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        synchronized (this) {
            return inFlight == null; // a call has its own deadline: its caller is not idle
        }
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        if (cause != HANDED_OVER) {
            getEndPoint().close(cause); // the idle timeout, or the connection failed
        }
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        Runnable gone;
        synchronized (this) {
            gone = handedOver ? null : hangUp;
            hangUp = null;
            if (buffer != null) {
                releaseBuffer();
            }
        }
        if (gone != null) {
            gone.run(); // closed under a running call (idle timeout, server stop): as a hang-up
        }
    }

    /** Reads when the caller's bytes arrive, on the selector's thread (it never blocks). */
    private final class Readable implements Callback {
        @Override
        public void succeeded() {
            onFillable();
        }

        @Override
        public void failed(Throwable failure) {
            onFillInterestedFailed(failure);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /** The answer's write, completed on whichever thread finishes it. */
    private final class Written implements Callback {
        private final UnaryRouteHandler.LeanCall call;
        private final boolean close;

        Written(UnaryRouteHandler.LeanCall call, boolean close) {
            this.call = call;
            this.close = close;
        }

        @Override
        public void succeeded() {
            written(call, close, false);
        }

        @Override
        public void failed(Throwable failure) {
            written(call, close, true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
