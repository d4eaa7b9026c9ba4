package io.mig.binding.http;

import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server's pool — Javalin's default size (8 to 250 threads) — but a connection resumed by
 * the thread that completed its response goes on on that thread instead of waking a worker.
 *
 * <p>When an answer completes away from the thread that handled its request (an HTTP provider's
 * answer arrives on the provider client's selector; a servlet route ends on its worker), Jetty
 * resumes the connection — to read and parse the next request — by handing it to this pool: a
 * thread wake-up and a switch per request (issue #12, P1). Parsing never blocks, and the handler in
 * front of everything ({@link UnaryRouteHandler}) gives whatever may block to a worker itself, so
 * the completing thread can do it: usually one read that finds nothing yet, then interest in the
 * next bytes; for a pipelined request, its handling.
 */
final class ServerThreadPool extends QueuedThreadPool {
    ServerThreadPool() {
        super(250, 8);
        setName("JettyServerThreadPool");
    }

    @Override
    public void execute(Runnable job) {
        if (job instanceof HttpConnection) {
            job.run();
            return;
        }
        super.execute(job);
    }
}
