package io.mig.binding.http;

import io.javalin.http.Context;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One server-sent-events response, written from any thread without holding a server thread.
 * Writes are serialised; a failed write or the client going away closes the stream once and runs
 * the close callback. Idle streams get a {@code : keep-alive} comment every keep-alive interval,
 * and the connection is probed often enough that a vanished client is noticed within a second.
 */
final class SseStream {

    private final Context ctx;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable onClose = () -> { };
    private volatile long lastWriteNanos = System.nanoTime();
    private final ByteBuffer probeBuffer = BufferUtil.allocate(64);
    private ServletOutputStream out;
    private ScheduledFuture<?> ticker;

    SseStream(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * Sends the response head. Call it inside {@code ctx.future(…)}'s supplier (the request is async
     * then) and return the future this gives: the response ends when it completes.
     */
    CompletableFuture<Void> open(ScheduledExecutorService scheduler, Duration keepAlive, Duration probe) throws IOException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        out = ctx.res().getOutputStream();
        ctx.req().getAsyncContext().addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                close();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                close();
            }

            @Override
            public void onError(AsyncEvent event) {
                close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        out.flush();
        long keepAliveNanos = keepAlive.toNanos();
        ticker = scheduler.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastWriteNanos >= keepAliveNanos) {
                write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
            } else {
                probe();
            }
        }, probe.toMillis(), probe.toMillis(), TimeUnit.MILLISECONDS);
        return finished;
    }

    void onClose(Runnable action) {
        this.onClose = action;
        if (closed.get()) {
            action.run();
        }
    }

    /** Writes one event; false when the stream is closed. */
    boolean send(String event, String id, String data) {
        StringBuilder frame = new StringBuilder(data.length() + 64);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ").append(event).append('\n');
        frame.append("data: ").append(data).append("\n\n");
        return write(frame.toString().getBytes(StandardCharsets.UTF_8));
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** Ends the response (idempotent). */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        finished.complete(null);
        onClose.run();
    }

    private boolean write(byte[] bytes) {
        if (closed.get()) {
            return false;
        }
        writing.lock();
        try {
            out.write(bytes);
            out.flush();
            lastWriteNanos = System.nanoTime();
            return true;
        } catch (IOException | RuntimeException e) {
            close();
            return false;
        } finally {
            writing.unlock();
        }
    }

    /**
     * Looks for the end of the client's side of the connection without writing anything: an SSE
     * client sends nothing after its request, so reading end-of-stream means it has gone.
     */
    private void probe() {
        if (closed.get()) {
            return;
        }
        try {
            EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req())
                    .getConnectionMetaData().getConnection().getEndPoint();
            if (!endPoint.isOpen() || endPoint.fill(probeBuffer) < 0) {
                close();
            }
            BufferUtil.clear(probeBuffer);
        } catch (IOException | RuntimeException e) {
            close();
        }
    }
}
