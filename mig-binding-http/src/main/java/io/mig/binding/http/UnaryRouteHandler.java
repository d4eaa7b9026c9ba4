package io.mig.binding.http;

import io.mig.binding.http.provider.HomeConnector;
import io.mig.core.error.MigException;
import io.mig.core.spi.BindingGateway;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Serves the unary MIG routes — {@code POST /mig/v0.1/invoke/{capability}}, {@code hello},
 * {@code discover}, {@code publish/{topic}}, {@code cancel/{message_id}}, {@code heartbeat} — as a
 * Jetty core handler in front of Javalin's servlet context: no servlet request, no Javalin context,
 * no async cycle, and the answer written with one non-blocking {@link Response#write} from whichever
 * thread completes it (for INVOKE, the thread that completes the invocation; issue #12, P2).
 *
 * <p>It claims only requests whose every part it answers exactly as the Javalin route would, and
 * passes everything else to Javalin unchanged: other methods (so 405 and {@code Allow} stay
 * Javalin's), another HTTP version than 1.1 (HTTP/2 streams), a path that is not exactly one of
 * those routes with one plain segment for its parameter (percent-encoding, {@code +}, path
 * parameters and trailing slashes are Javalin's to decode), {@code Accept: text/event-stream}, {@code Upgrade},
 * {@code Expect}, a body without a declared length or above the limit (the 413 and its lingering
 * discard), a repeated credential header (the 400 of {@link SecurityHeaders}), any request while
 * draining (refusal, audit and {@link HttpExtension#refused}). A request the core would answer with
 * frames ({@link BindingGateway#prefersStream}: its {@code stream_preference}, or a capability that
 * only streams) is handed to Javalin after its body was read, with that body replayed
 * ({@link ReplayedBody}), since a stream needs the servlet's SSE writer.
 *
 * <p>Threads: this handler is the server's whole handler tree as Jetty sees it, and it says it
 * never blocks, so Jetty calls it on the selector thread that parsed the request, with no hand-off
 * (issue #12, P1). It keeps that promise: an INVOKE whose every part answers without blocking
 * ({@link BindingGateway#invokesWithoutBlocking}) has its body read as it arrives and runs right
 * there; everything else — Javalin's servlet, the other unary routes, an INVOKE of a provider that
 * may block — is handed to a worker of the server's pool, where it reads and blocks as before.
 *
 * <p>On the plain (non-TLS) listener most INVOKEs do not even reach Jetty's parser: the listener's
 * own connection ({@link LeanConnection}) parses a whole, plain INVOKE itself and asks {@link #lean}
 * whether this handler would take it on the selector thread; the call then runs through the same
 * steps ({@link Call}) and only its answer's head is the connection's to write.
 */
final class UnaryRouteHandler extends Handler.Wrapper {
    private static final System.Logger LOG = System.getLogger(UnaryRouteHandler.class.getName());
    private static final String BASE = MigRoutes.BASE;
    /** The INVOKE route's template, which the access log and the request metrics name as Javalin's route has it. */
    static final String ROUTE = BASE + "/invoke/{capability}";

    /** Told of every request this handler answered, as Javalin's request logger is. */
    @FunctionalInterface
    interface Completion {
        void completed(RouteExchange exchange, String method, String route, int status, float millis, MigException answered);
    }

    private final BindingGateway gateway;
    private final MigRoutes routes;
    private final long maxBodyBytes;
    private final BooleanSupplier draining;
    private final LateWatches lateWatches;
    private final Completion completion;

    UnaryRouteHandler(BindingGateway gateway, MigRoutes routes, long maxBodyBytes, BooleanSupplier draining,
                       LateWatches lateWatches, Completion completion) {
        this.gateway = gateway;
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
        this.draining = draining;
        this.lateWatches = lateWatches;
        this.completion = completion;
    }

    /** A request this handler serves: its route template, what serves it (null: INVOKE) and its path parameter. */
    private record Claim(String route, MigRoutes.Unary unary, String param) {
    }

    /**
     * Non-blocking, so that Jetty runs {@link #handle} on the selector thread that parsed the request
     * instead of handing every request to a worker (Jetty's adaptive strategy hands off only tasks
     * that may block): this handler keeps the promise by giving everything that may block to the
     * server's pool itself.
     */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Claim claim = claimed(request);
        if (claim != null && claim.unary() == null && gateway.invokesWithoutBlocking(claim.param())) {
            // nothing on the way blocks: read the body as it arrives and run the INVOKE on this thread
            new CoreCall(request, response, callback, claim.route()).readThenInvoke(claim.param());
        } else {
            onWorker(request, response, callback, () -> serve(claim, request, response, callback));
        }
        return true;
    }

    /** What may block — Javalin's servlet, a blocking provider, a body read in full — on a worker of the server's pool. */
    private static void onWorker(Request request, Response response, Callback callback, Serving serving) {
        request.getContext().execute(() -> {
            try {
                if (!serving.handled()) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable e) {
                Response.writeError(request, response, callback, e);
            }
        });
    }

    @FunctionalInterface
    private interface Serving {
        boolean handled() throws Exception;
    }

    /** Serves a request on a worker: through Javalin when unclaimed, else as its route would, reading the body as it may. */
    private boolean serve(Claim claim, Request request, Response response, Callback callback) throws Exception {
        if (claim == null) {
            return super.handle(request, response, callback);
        }
        CoreCall call = new CoreCall(request, response, callback, claim.route());
        if (claim.unary() != null) {
            call.serve(claim.unary(), claim.param());
        } else {
            call.invoke(claim.param());
        }
        return true;
    }

    /** Whether the core would answer with frames (the request asks for them, or the capability only streams). */
    private boolean answeredWithFrames(io.mig.core.model.InvokeRequest invoke) {
        try {
            return gateway.prefersStream(invoke, false);
        } catch (MigException e) {
            return false; // e.g. an unknown stream preference: the start refuses it with one error answer
        }
    }

    /** What serves a request this handler claims; null when Javalin serves it. */
    private Claim claimed(Request request) {
        if (!HttpMethod.POST.is(request.getMethod())
                || request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
            return null;
        }
        String path = request.getHttpURI().getPath();
        Claim claim = path == null || !path.startsWith(BASE) ? null : route(path.substring(BASE.length()));
        if (claim == null || draining.getAsBoolean()) {
            return null;
        }
        long length = request.getLength();
        HttpFields headers = request.getHeaders();
        if (length < 0 || length > maxBodyBytes || headers.contains(HttpHeader.UPGRADE)
                || headers.contains(HttpHeader.EXPECT) || asksForEvents(headers) || SecurityHeaders.repeatedIn(headers)) {
            return null;
        }
        return claim;
    }

    /** The route of a path under {@code /mig/v0.1} exactly as Javalin's router would match it; null for any other. */
    private Claim route(String path) {
        return switch (path) {
            case "/hello" -> new Claim(BASE + "/hello", routes::hello, null);
            case "/discover" -> new Claim(BASE + "/discover", routes::discover, null);
            case "/heartbeat" -> new Claim(BASE + "/heartbeat", routes::heartbeat, null);
            default -> {
                int slash = path.indexOf('/', 1);
                String param = slash < 0 ? "" : path.substring(slash + 1);
                if (slash < 0 || !plainSegment(param)) {
                    yield null;
                }
                yield switch (path.substring(0, slash)) {
                    case "/invoke" -> new Claim(ROUTE, null, param);
                    case "/publish" -> new Claim(BASE + "/publish/{topic}", routes::publish, param);
                    case "/cancel" -> new Claim(BASE + "/cancel/{message_id}", routes::cancel, param);
                    default -> null;
                };
            }
        };
    }

    /**
     * A non-empty segment whose characters Javalin's router passes through as they are: unreserved
     * and sub-delimiter characters but {@code +} (decoded to a space) and {@code ;} (a path parameter).
     */
    static boolean plainSegment(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~:@!$&'()*,=".indexOf(c) >= 0;
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /** Whether any {@code Accept} header names SSE (the route reads the first; any one sends it to Javalin). */
    private static boolean asksForEvents(HttpFields headers) {
        for (HttpField field : headers) {
            if (field.getHeader() == HttpHeader.ACCEPT
                    && field.getValue().toLowerCase(Locale.ROOT).contains("text/event-stream")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code POST /mig/v0.1/invoke/{capability}} request {@code request} that {@code connection}
     * read whole, ready to run; null when it must go through Jetty's parser and this handler's claim
     * instead (so that it is answered as before): while draining, SSE asked for, a credential header
     * repeated, a provider that may block, or an answer that would stream. Nothing is answered or
     * written before it runs.
     */
    LeanCall lean(LeanConnection connection, LeanRequest request, byte[] body) {
        if (draining.getAsBoolean() || asksForEvents(request.headers) || SecurityHeaders.repeatedIn(request.headers)
                || !gateway.invokesWithoutBlocking(request.capability)) {
            return null;
        }
        LeanCall call = new LeanCall(connection, request, body);
        try {
            call.invoke = routes.decodeInvoke(call, request.capability);
        } catch (Throwable e) {
            call.refused = e; // refused (and audited) already: the run answers with the error
            return call;
        }
        return answeredWithFrames(call.invoke) ? null : call;
    }

    /**
     * One INVOKE (or other unary route) served by this handler, whoever parsed it: the route's
     * steps, its answer and its access-log line, written the same way for both.
     */
    private abstract class Call implements RouteExchange {
        final long startNanos = System.nanoTime();
        final String route;
        private io.mig.core.model.MessageHeader known;
        private MigException answered;
        /** The body once read. */
        byte[] body;
        int status;
        boolean sent;

        Call(String route) {
            this.route = route;
        }

        /** Writes the answer; the write's completion calls {@link #completed()}. */
        abstract void write(int code, String contentType, byte[] bytes);

        /** Watches for the caller hanging up while {@code handle} runs; the watch's finish says whether the answer must close the connection. */
        abstract BooleanSupplier watch(io.mig.core.port.in.InvocationHandle handle);

        void run(io.mig.core.model.InvokeRequest invoke) {
            io.mig.core.port.in.InvocationHandle handle;
            try {
                handle = routes.startInvoke(this, invoke, false);
            } catch (Throwable e) {
                fail(e);
                return;
            }
            var pending = handle.answer();
            if (pending.isDone()) {
                // answered already (an in-process provider, a refusal): written on this thread
                pending.whenComplete(this::respond);
                return;
            }
            BooleanSupplier watch = watch(handle);
            pending.whenComplete((answer, error) -> {
                if (watch.getAsBoolean()) {
                    responseHeader("Connection", "close");
                }
                respond(answer, error);
            });
        }

        private void respond(io.mig.core.port.in.InvocationAnswer answer, Throwable error) {
            try {
                if (error != null) {
                    HttpErrors.write(this, MigException.from(error));
                } else if (answer.streamed()) {
                    // the capability was re-registered as a streaming one between the check and the
                    // start: this path has no SSE writer, so the stream is ended and the call is retryable
                    refuseStream(answer);
                } else {
                    Exchange.json(this, answer.response());
                }
            } catch (Throwable e) {
                fail(e);
            }
        }

        private void refuseStream(io.mig.core.port.in.InvocationAnswer streamed) {
            streamed.frames().subscribe(new java.util.concurrent.Flow.Subscriber<>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                    subscription.cancel();
                }

                @Override
                public void onNext(io.mig.core.model.StreamFrame item) {
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            });
            HttpErrors.write(this, MigException.unavailable("the capability changed while the call started; try again"));
        }

        /** What Javalin's exception mappers do with an exception a route throws. */
        void fail(Throwable e) {
            if (sent) {
                return; // the answer is on its way; nothing more can be said
            }
            MigException error = MigException.from(e);
            if (!(e instanceof MigException) && error.code() == io.mig.core.error.ErrorCode.MIG_INTERNAL) {
                LOG.log(System.Logger.Level.ERROR, "unhandled error on POST " + route, e);
            }
            HttpErrors.write(this, error);
        }

        @Override
        public io.mig.core.model.MessageHeader knownHeader() {
            return known;
        }

        @Override
        public void knownHeader(io.mig.core.model.MessageHeader header) {
            known = header;
        }

        @Override
        public void answered(MigException error) {
            answered = error;
        }

        @Override
        public void send(int code, String contentType, byte[] bytes) {
            if (sent) {
                return;
            }
            sent = true;
            status = code;
            write(code, contentType, bytes);
        }

        @Override
        public boolean sendsWithoutBlocking() {
            return true; // one non-blocking write
        }

        /** The request's access-log line and metrics, once its answer is written (or could not be). */
        void completed() {
            float millis = (System.nanoTime() - startNanos) / 1_000_000f;
            try {
                completion.completed(this, "POST", route, status, millis, answered);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the request log failed", e);
            }
        }
    }

    /** One request parsed by Jetty and served by this handler: its exchange, and the callback the answer's write completes. */
    private final class CoreCall extends Call implements Callback {
        private final Request request;
        private final Response response;
        private final Callback callback;
        /** How much of {@link #body} a non-blocking read has filled. */
        private int filled;
        /** Why the non-blocking read of the body failed; thrown where the body is asked for. */
        private MigException unreadable;

        CoreCall(Request request, Response response, Callback callback, String route) {
            super(route);
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        /**
         * Reads the declared body as its bytes arrive, never waiting for them (a read with nothing
         * there asks to be called again), then serves the INVOKE on the thread that read the last
         * byte: the selector's, which runs a non-blocking demand callback itself.
         */
        void readThenInvoke(String capability) {
            body = new byte[(int) request.getLength()]; // declared and within the limit: see claimed()
            readBody(capability);
        }

        private void readBody(String capability) {
            try {
                Content.Chunk chunk;
                while ((chunk = request.read()) != null) {
                    if (Content.Chunk.isFailure(chunk)) {
                        unreadable = MigException.invalid("request body could not be read: " + chunk.getFailure().getMessage());
                        break;
                    }
                    ByteBuffer bytes = chunk.getByteBuffer();
                    int n = Math.min(bytes.remaining(), body.length - filled);
                    bytes.get(body, filled, n);
                    filled += n;
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (last) {
                        break;
                    }
                }
                if (chunk == null) {
                    request.demand(Invocable.from(InvocationType.NON_BLOCKING, () -> readBody(capability)));
                    return;
                }
                if (filled < body.length) {
                    body = java.util.Arrays.copyOf(body, filled);
                }
            } catch (Throwable e) {
                fail(e);
                return;
            }
            // the upstream call it makes goes out on this connection's selector, as its answer comes back
            HomeConnector.serving(request, () -> invoke(capability));
        }

        /** Decodes and runs an INVOKE on this thread (its body read here unless read already). */
        void invoke(String capability) {
            io.mig.core.model.InvokeRequest invoke;
            try {
                invoke = routes.decodeInvoke(this, capability);
            } catch (Throwable e) {
                fail(e);
                return;
            }
            if (answeredWithFrames(invoke)) {
                // a stream needs Javalin's SSE writer: the route decodes the body again, from the bytes read
                ReplayedBody replayed = new ReplayedBody(request, body);
                onWorker(request, response, callback, () -> UnaryRouteHandler.super.handle(replayed, response, callback));
                return;
            }
            run(invoke);
        }

        /** Serves a unary route but INVOKE on this thread, as its Javalin handler would. */
        void serve(MigRoutes.Unary unary, String param) {
            try {
                unary.serve(this, param);
                if (!sent) {
                    throw new IllegalStateException("the route wrote no answer");
                }
            } catch (Throwable e) {
                fail(e);
            }
        }

        @Override
        BooleanSupplier watch(io.mig.core.port.in.InvocationHandle handle) {
            // a caller that hangs up before its answer aborts the provider call; watched only once the
            // call has run a while
            var endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            return lateWatches.after(() -> ClientWatch.of(endPoint, () -> handle.cancel(MigRoutes.CLIENT_GONE), false))::finish;
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public String remote() {
            return Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request);
        }

        @Override
        public byte[] body(long limit) {
            if (unreadable != null) {
                throw unreadable;
            }
            if (body != null) {
                return body; // read as it arrived (readThenInvoke), within the limit
            }
            body = Bodies.read(org.eclipse.jetty.io.Content.Source.asInputStream(request), request.getLength(), limit);
            return body;
        }

        @Override
        public void responseHeader(String name, String value) {
            response.getHeaders().put(name, value);
        }

        @Override
        void write(int code, String contentType, byte[] bytes) {
            response.setStatus(code);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(HttpHeader.CONTENT_TYPE, contentType);
            headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, java.nio.ByteBuffer.wrap(bytes), this);
        }

        @Override
        public void succeeded() {
            completed();
            callback.succeeded();
        }

        @Override
        public void failed(Throwable failure) {
            completed(); // the client went away; the request is still logged and counted
            callback.failed(failure);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /** One INVOKE that {@link LeanConnection} parsed and answers itself (see {@link #lean}). */
    final class LeanCall extends Call {
        private final LeanConnection connection;
        private final LeanRequest request;
        private HttpFields.Mutable responseHeaders;
        io.mig.core.model.InvokeRequest invoke;
        /** Why decoding the envelope refused it: the run answers with that. */
        Throwable refused;

        private LeanCall(LeanConnection connection, LeanRequest request, byte[] body) {
            super(ROUTE);
            this.connection = connection;
            this.request = request;
            this.body = body;
            if (request.close) {
                responseHeader("Connection", "close"); // as Jetty answers a request that asks for it
            }
        }

        /** Runs the call on this thread; its upstream calls go out on this connection's selector. */
        void start() {
            HomeConnector.serving(connection.getEndPoint(), () -> {
                if (refused != null) {
                    fail(refused);
                } else {
                    run(invoke);
                }
            });
        }

        @Override
        BooleanSupplier watch(io.mig.core.port.in.InvocationHandle handle) {
            // the connection reads on while the call runs: it tells of a hang-up as it happens
            connection.watch(() -> handle.cancel(MigRoutes.CLIENT_GONE));
            return () -> {
                connection.watch(null);
                return false; // a pipelined request is kept, not lost
            };
        }

        @Override
        public String header(String name) {
            return request.headers.get(name);
        }

        @Override
        public String remote() {
            return connection.remote();
        }

        @Override
        public byte[] body(long limit) {
            return body; // whole, within the limit the connection parsed it with
        }

        @Override
        public void responseHeader(String name, String value) {
            if (responseHeaders == null) {
                responseHeaders = HttpFields.build(4);
            }
            responseHeaders.put(name, value);
        }

        @Override
        void write(int code, String contentType, byte[] bytes) {
            connection.respond(this, code, contentType, responseHeaders, bytes);
        }

        /** The write ended (or failed): the access-log line and metrics. */
        void written() {
            completed();
        }
    }
}
