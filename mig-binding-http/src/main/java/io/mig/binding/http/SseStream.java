package io.mig.binding.http;

import io.javalin.http.Context;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritePendingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One server-sent-events response, written from any thread without blocking it: frames go into the
 * stream's own queue and are written with non-blocking servlet output as the client takes them, so a
 * slow client holds up nobody but itself. A sender that must not outrun its client passes a
 * {@code written} callback and sends more only as frames are written (subscriptions do; their
 * backlog then builds in the subscription, which cuts a too-slow subscriber off). A client that lets
 * more than {@link #MAX_QUEUED_BYTES} pile up is disconnected.
 *
 * <p>A vanished client is noticed without polling: the stream asks the connection to tell it when
 * the client's side becomes readable — an SSE client sends nothing after its request, so that only
 * happens at end-of-stream. Idle streams get a {@code : keep-alive} comment within every keep-alive
 * interval, from one {@link KeepAliveSweep} for all streams.
 *
 * <p>Frames are written as {@link ByteBuffer}s, the frames queued at that moment gathered into one
 * write, never through the servlet output's aggregation buffer: that buffer (32 KiB from the
 * connector's pool) stays with the response once a first frame went through it, so 10,000 idle
 * streams held 320 MB after their first keep-alive (issue #12, P5b). A stream fed by a subscription
 * {@link #writeAfter writes after} the subscription's delivery pass, so the events that arrived
 * meanwhile leave in one write.
 *
 * <p>On an HTTP/1.1 connection the frames go below the servlet layer altogether: each as a whole
 * chunk, straight to the connection ({@link ChunkedWrites}), a shared frame from its one copy in
 * direct memory ({@link SseFrame}).
 *
 * <p>{@link #close()} ends the response after the frames already queued; {@link #abort()} at once.
 */
final class SseStream implements KeepAliveSweep.Stream {
    /** Frames a client may leave unread before it is disconnected (8 MiB). */
    static final long MAX_QUEUED_BYTES = 8L << 20;
    /** At most this much of the queue goes into one write. */
    static final int MAX_WRITE_BYTES = 64 * 1024;
    /** At most this many frames go into one gathering write (well under the kernel's 1,024 iovecs). */
    static final int MAX_WRITE_BUFFERS = 256;
    /** One frame for every keep-alive of every stream: queuing a keep-alive allocates nothing (P5b). */
    private static final Frame KEEP_ALIVE = new Frame(SseFrame.of(": keep-alive\n\n"), null);

    private final Context ctx;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger drainRequests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile Executor writer;
    private volatile Runnable onClose = () -> { };
    private volatile long lastWriteNanos = System.nanoTime();
    private ServletOutputStream out;
    private volatile ScheduledFuture<?> ticker;
    private volatile KeepAliveSweep.Member keepAlives;
    private ClientWatch clientWatch;
    /** Set when the stream writes its own chunks to the connection (HTTP/1.1), before any frame is written. */
    private volatile ChunkedWrites direct;
    /** A direct write is under way (one at a time); the response must not complete before it ends. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Callback directWritten = new DirectWritten();
    private final Runnable scheduledDrainTask = this::scheduledDrain; // one instance, not one per pass
    // touched by the drain loop only (one thread at a time)
    private final List<Runnable> writtenNow = new ArrayList<>();
    private final List<byte[]> gathered = new ArrayList<>();
    private final List<ByteBuffer> gatheredChunks = new ArrayList<>();
    /** This stream's own view of the keep-alive chunk, for the write flag's holder only; made on first use. */
    private ByteBuffer[] keepAliveChunk;

    SseStream(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * Sends the response head. Call it inside {@code ctx.future(…)}'s supplier (the request is async
     * then) and return the future this gives: the response ends when it completes.
     *
     * @param probe how often to look for a vanished client when the connection cannot tell us itself
     */
    CompletableFuture<Void> open(ScheduledExecutorService scheduler, KeepAliveSweep sweep, Duration keepAlive, Duration probe)
            throws IOException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        out = ctx.res().getOutputStream();
        ctx.req().getAsyncContext().addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                abort();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                abort();
            }

            @Override
            public void onError(AsyncEvent event) {
                abort();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        out.flush(); // the head, written while the output is still blocking
        direct = ChunkedWrites.of(ctx); // the head went out chunked: our frames may go below the servlet layer
        out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                drain();
            }

            @Override
            public void onError(Throwable failure) {
                abort();
            }
        });
        clientWatch = ClientWatch.of(ctx, this::abort, true);
        if (clientWatch != null) {
            // the connection reports a vanished client: only keep-alives are due
            KeepAliveSweep.Member member = sweep.add(this, lastWriteNanos);
            keepAlives = member;
            if (ended.get()) {
                member.cancel();
            }
        } else {
            long keepAliveNanos = keepAlive.toNanos();
            long period = probe.toMillis();
            ticker = scheduler.scheduleWithFixedDelay(() -> {
                if (System.nanoTime() - lastWriteNanos >= keepAliveNanos) {
                    enqueue(KEEP_ALIVE, false);
                } else {
                    probe();
                }
            }, period, period, TimeUnit.MILLISECONDS);
            if (ended.get()) {
                ticker.cancel(false);
            }
        }
        return finished;
    }

    /**
     * Frames queued from now on are written by a task on {@code writer} rather than at once: given
     * the delivery lane of the subscription that feeds this stream, the task runs after the lane's
     * current pass, and every frame the pass queued goes out in one write.
     */
    void writeAfter(Executor writer) {
        this.writer = writer;
    }

    /**
     * Sends a keep-alive comment when nothing was written for {@code idleNanos} (the shared sweep);
     * answers the time of the last write, the comment's if it sent one.
     */
    @Override
    public long keepAliveIfIdle(long now, long idleNanos) {
        if (!closed.get() && now - lastWriteNanos >= idleNanos) {
            lastWriteNanos = now; // one comment per idle spell, even while it waits for its write
            // written from the sweep's thread: an idle stream has nothing queued to keep in order
            // with, and a hand-off to the delivery lane per comment is work for nothing (P5b)
            ChunkedWrites connection = direct;
            if (connection == null || !writeKeepAlive(connection)) {
                enqueue(KEEP_ALIVE, false);
            }
        }
        return lastWriteNanos;
    }

    /**
     * The comment written straight to the connection when nothing else is queued or being written:
     * the same chunk as a queued one, but from this stream's own view of it, so a keep-alive
     * allocates nothing — no queue node, no view, no buffer array (P5b).
     *
     * @return false when frames are waiting or a write is under way: the comment then queues behind them
     */
    private boolean writeKeepAlive(ChunkedWrites connection) {
        if (!writing.compareAndSet(false, true)) {
            return false; // a write is under way; taken before looking at ended, as drainOnce does
        }
        if (ended.get()) {
            releaseWrite();
            return true;
        }
        if (!queue.isEmpty()) {
            releaseWrite();
            return false;
        }
        ByteBuffer[] comment = keepAliveChunk;
        if (comment == null) {
            comment = new ByteBuffer[] {KEEP_ALIVE.frame.chunkBuffer()};
            keepAliveChunk = comment;
        }
        comment[0].rewind(); // the last comment's write has ended: its view is ours again
        try {
            connection.write(directWritten, comment);
        } catch (RuntimeException e) {
            releaseWrite(); // not handed over (someone else writes this connection): no callback comes
            connection.disconnect();
            abort();
        }
        return true;
    }

    void onClose(Runnable action) {
        this.onClose = action;
        if (closed.get()) {
            action.run();
        }
    }

    /** Queues one event; false when the stream is closed. */
    boolean send(String event, String id, String data) {
        return send(event, id, data, null);
    }

    /**
     * Queues one event; {@code written} runs once it has been handed to the connection (not when the
     * stream ends first).
     *
     * @return false when the stream is closed (then {@code written} never runs)
     */
    boolean send(String event, String id, String data, Runnable written) {
        return sendFrame(new SseFrame(frame(event, id, data)), written);
    }

    /** Queues one whole, already framed event (see {@link #frame}). */
    boolean sendFrame(SseFrame frame, Runnable written) {
        if (closed.get()) {
            return false;
        }
        enqueue(new Frame(frame, written));
        return true;
    }

    /** The bytes of one event: {@code id:}, {@code event:} (each when given) and {@code data:}. */
    static byte[] frame(String event, String id, String data) {
        StringBuilder frame = new StringBuilder(data.length() + 64);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            frame.append("event: ").append(event).append('\n');
        }
        frame.append("data: ").append(data).append("\n\n");
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** Ends the response once the frames already queued are written (idempotent). */
    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
        drain();
    }

    /** Ends the response now, dropping what is queued: the client is gone or too slow (idempotent). */
    @Override
    public void abort() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
        ChunkedWrites connection = direct;
        if (connection != null && writing.get() && !ended.get()) {
            connection.disconnect(); // a write the client does not take would hold the response open
        }
        end();
    }

    private void enqueue(Frame frame) {
        enqueue(frame, true);
    }

    /** @param deferrable whether the write may wait for the feeding lane's pass ({@link #writeAfter}) */
    private void enqueue(Frame frame, boolean deferrable) {
        if (queuedBytes.addAndGet(frame.length()) > MAX_QUEUED_BYTES) {
            abort();
            return;
        }
        queue.add(frame);
        Executor deferred = deferrable ? writer : null;
        if (deferred == null || closed.get()) {
            drain();
        } else if (drainScheduled.compareAndSet(false, true)) {
            try {
                deferred.execute(scheduledDrainTask);
            } catch (RejectedExecutionException stopping) {
                scheduledDrain();
            }
        }
    }

    private void scheduledDrain() {
        drainScheduled.set(false);
        drain();
    }

    /** Writes queued frames while the connection takes them; one thread at a time, none waiting. */
    private void drain() {
        if (out == null || drainRequests.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        while (true) {
            try {
                drainOnce();
            } catch (IOException | RuntimeException e) {
                ChunkedWrites connection = direct;
                if (connection != null) {
                    connection.disconnect(); // a write that failed half-way leaves no chunk framing to trust
                }
                abort();
            }
            missed = drainRequests.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void drainOnce() throws IOException {
        ChunkedWrites connection = direct;
        while (true) {
            if (connection != null) {
                // taken before looking at ended, which end() sets before it looks at this: either the
                // response waits for this write or this write does not happen
                if (!writing.compareAndSet(false, true)) {
                    return; // a write is under way; its end drains again
                }
                if (ended.get()) {
                    releaseWrite(); // the response completes here, no write having started
                    return;
                }
            } else if (ended.get() || !out.isReady()) {
                return;
            }
            Frame first = queue.poll();
            if (first == null) {
                if (connection != null) {
                    releaseWrite(); // an abort meanwhile saw the flag taken and left the completion to us
                }
                if (closed.get()) {
                    end();
                }
                return;
            }
            if (connection != null) {
                writeDirect(connection, first); // DirectWritten carries on, at once or later
            } else {
                write(gather(first)); // completes at once or makes isReady false until it has
                lastWriteNanos = System.nanoTime();
                runWritten();
            }
        }
    }

    /**
     * Hands {@code first} and the chunks behind it to the connection, the write flag taken: from then
     * on {@link DirectWritten} owns the flag. Until then a failure gives the flag back itself, else a
     * stream ended meanwhile would wait for a write callback that never comes.
     */
    private void writeDirect(ChunkedWrites connection, Frame first) {
        ByteBuffer[] chunks;
        try {
            chunks = gatherChunks(first);
        } catch (RuntimeException e) {
            writtenNow.clear();
            releaseWrite();
            throw e;
        }
        try {
            connection.write(directWritten, chunks);
        } catch (WritePendingException e) {
            // someone else writes this connection: the callback was not taken (any other failure reaches it)
            writtenNow.clear();
            releaseWrite();
            throw e;
        }
    }

    /** Gives the write flag back; a stream ended meanwhile completes its response now. */
    private void releaseWrite() {
        writing.set(false);
        if (ended.get()) {
            finish();
        }
    }

    /**
     * Completes the response of an ended stream, once no direct write is under way: the write flag is
     * taken for good, so no write starts after it (a drain looks at {@code ended} only once it holds
     * the flag). When a write holds the flag, its end comes back here ({@link #releaseWrite}).
     */
    private void finish() {
        if (writing.compareAndSet(false, true)) {
            finished.complete(null);
        }
    }

    private void write(ByteBuffer bytes) throws IOException {
        if (out instanceof HttpOutput jetty) {
            jetty.write(bytes); // straight to the connection, no aggregation buffer
        } else {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            out.flush();
        }
    }

    /**
     * {@code first} and the chunks queued behind it, up to {@link #MAX_WRITE_BYTES} or
     * {@link #MAX_WRITE_BUFFERS}, as buffers for one gathering write: shared frames are written from
     * their own (direct) memory, not copied.
     */
    private ByteBuffer[] gatherChunks(Frame first) {
        noteWritten(first);
        ByteBuffer firstChunk = first.frame.chunkBuffer();
        Frame next = queue.peek();
        if (next == null) {
            return new ByteBuffer[] {firstChunk};
        }
        gatheredChunks.add(firstChunk);
        int total = firstChunk.remaining();
        while (next != null && gatheredChunks.size() < MAX_WRITE_BUFFERS
                && total + next.frame.chunk().length <= MAX_WRITE_BYTES) {
            queue.poll();
            noteWritten(next);
            ByteBuffer chunk = next.frame.chunkBuffer();
            gatheredChunks.add(chunk);
            total += chunk.remaining();
            next = queue.peek();
        }
        ByteBuffer[] chunks = gatheredChunks.toArray(new ByteBuffer[0]);
        gatheredChunks.clear();
        return chunks;
    }

    /** {@code first} and the frames queued behind it, up to {@link #MAX_WRITE_BYTES}, as one buffer. */
    private ByteBuffer gather(Frame first) {
        noteWritten(first);
        byte[] firstBytes = first.frame.bytes();
        int total = firstBytes.length;
        Frame next;
        while ((next = queue.peek()) != null && total + next.frame.bytes().length <= MAX_WRITE_BYTES) {
            queue.poll();
            noteWritten(next);
            byte[] bytes = next.frame.bytes();
            gathered.add(bytes);
            total += bytes.length;
        }
        if (gathered.isEmpty()) {
            return ByteBuffer.wrap(firstBytes); // the frame may be shared: wrapped, never written to
        }
        ByteBuffer batch = ByteBuffer.allocate(total).put(firstBytes);
        for (byte[] bytes : gathered) {
            batch.put(bytes);
        }
        gathered.clear();
        return batch.flip();
    }

    private void noteWritten(Frame frame) {
        queuedBytes.addAndGet(-frame.length());
        if (frame.written != null) {
            writtenNow.add(frame.written);
        }
    }

    private void runWritten() {
        if (writtenNow.isEmpty()) {
            return;
        }
        List<Runnable> done = List.copyOf(writtenNow);
        writtenNow.clear();
        for (Runnable written : done) {
            written.run();
        }
    }

    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        KeepAliveSweep.Member member = keepAlives;
        if (member != null) {
            member.cancel();
        }
        if (clientWatch != null) {
            clientWatch.stop(); // before the response completes: the connection reads again after it
        }
        queue.clear();
        queuedBytes.set(0);
        finish(); // or, when a direct write holds the flag, once it has ended (DirectWritten)
    }

    /**
     * The fallback when the connection cannot tell us of end-of-stream: looks for it without writing
     * anything, every probe interval.
     */
    private void probe() {
        if (closed.get()) {
            return;
        }
        try {
            EndPoint endPoint = ClientWatch.endPoint(ctx);
            ByteBuffer buffer = BufferUtil.allocate(64);
            if (!endPoint.isOpen() || endPoint.fill(buffer) < 0) {
                abort();
            }
        } catch (IOException | RuntimeException e) {
            abort();
        }
    }

    private record Frame(SseFrame frame, Runnable written) {
        int length() {
            return frame.bytes().length;
        }
    }

    /**
     * The end of a direct write, on the writing thread or, when the client took it later, on the
     * selector's: it never blocks, so Jetty may run it there.
     */
    private final class DirectWritten implements Callback {
        @Override
        public void succeeded() {
            lastWriteNanos = System.nanoTime();
            runWritten();
            releaseWrite();
            if (!ended.get()) {
                drain();
            }
        }

        @Override
        public void failed(Throwable failure) {
            writtenNow.clear();
            abort(); // the flag still held: the connection is dropped, and the completion left to us
            releaseWrite();
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
