package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streamed INVOKE over plain HTTP (SPEC §3.6): {@code Accept: text/event-stream}, one
 * {@code event: mig-frame} per frame. Cold: every subscriber makes its own call. Frames are read
 * from the connection only as fast as the subscriber requests them.
 */
final class InvokeStream implements Flow.Publisher<StreamFrame> {
    private final Endpoint endpoint;
    private final String capability;
    private final ObjectNode body;
    private final CallOptions options;

    InvokeStream(Endpoint endpoint, String capability, ObjectNode body, CallOptions options) {
        this.endpoint = endpoint;
        this.capability = capability;
        this.body = body;
        this.options = options;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super StreamFrame> subscriber) {
        new Run(subscriber).start();
    }

    private final class Run implements Flow.Subscription, SseReader.Listener {
        private final Flow.Subscriber<? super StreamFrame> subscriber;
        private final Demand demand = new Demand();
        private final AtomicBoolean done = new AtomicBoolean();
        private final SseReader reader = new SseReader(this);
        private volatile CompletableFuture<?> exchange;
        private StreamFrame unaryFrame;

        Run(Flow.Subscriber<? super StreamFrame> subscriber) {
            this.subscriber = subscriber;
        }

        void start() {
            subscriber.onSubscribe(this);
            if (done.get()) {
                return;
            }
            try {
                send();
            } catch (RuntimeException e) {
                fail(e); // e.g. the token supplier failed
            }
        }

        private void send() {
            var request = endpoint.jsonPost("/invoke/" + Endpoint.segment(capability), body, options)
                    .header("Accept", "text/event-stream");
            HttpResponse.BodyHandler<RuntimeException> handler = info -> {
                if (info.statusCode() == 200 && info.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                    return HttpResponse.BodySubscribers.fromLineSubscriber(reader, r -> null, StandardCharsets.UTF_8, null);
                }
                // refused before the stream opened (a JSON error), or a gateway that answered unary
                return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                        text -> info.statusCode() / 100 == 2 ? unaryAnswer(text) : Errors.fromAnswer(info.statusCode(), info.headers(), text));
            };
            exchange = endpoint.http().sendAsync(request.build(), handler).whenComplete((response, failure) -> {
                if (failure != null) {
                    fail(Endpoint.transport(failure));
                } else if (response.body() != null) {
                    fail(response.body());
                }
            });
        }

        /** A plain JSON answer is the stream's one terminal frame; null when it was delivered. */
        private RuntimeException unaryAnswer(String text) {
            JsonNode json = Json.parseOrNull(text);
            if (json == null || !json.isObject()) {
                return new MigTransportException("not a MIG answer to a streamed INVOKE", 200, null);
            }
            ObjectNode frame = Json.object();
            frame.set("header", json.get("header"));
            frame.put("capability", Json.text(json, "capability"));
            frame.put("kind", "response");
            frame.set("payload", json.get("payload"));
            frame.put("end_stream", true);
            synchronized (this) {
                unaryFrame = StreamFrame.from(frame);
            }
            deliverUnaryWhenWanted();
            return null;
        }

        private void deliverUnaryWhenWanted() {
            StreamFrame frame;
            synchronized (this) {
                if (unaryFrame == null || !demand.wanted()) {
                    return;
                }
                frame = unaryFrame;
                unaryFrame = null;
            }
            deliver(frame);
        }

        @Override
        public void event(SseParser.Event event) {
            JsonNode data = Json.parseOrNull(event.data());
            if (data == null) {
                fail(new MigTransportException("a stream frame that is not JSON: " + event.data(), null));
                return;
            }
            if (event.name().equals("mig-error") || "error".equals(Json.text(data, "kind"))) {
                fail(Errors.fromError(data.path("error"), 0, null));
                return;
            }
            deliver(StreamFrame.from(data));
        }

        private void deliver(StreamFrame frame) {
            if (done.get()) {
                return;
            }
            demand.consumed();
            try {
                subscriber.onNext(frame);
            } catch (RuntimeException e) {
                fail(e); // a subscriber must not throw (Reactive Streams 2.13): the stream is over
                return;
            }
            if (frame.endStream() && done.compareAndSet(false, true)) {
                reader.cancel();
                subscriber.onComplete();
            }
        }

        @Override
        public boolean wantsMore() {
            return demand.wanted() && !done.get();
        }

        @Override
        public void ended(Throwable failure) {
            fail(failure == null ? new MigTransportException("the stream ended without a terminal frame", null)
                    : Endpoint.transport(failure));
        }

        private void fail(RuntimeException error) {
            if (done.compareAndSet(false, true)) {
                reader.cancel();
                subscriber.onError(error);
            }
        }

        @Override
        public void request(long n) {
            if (!demand.add(n)) {
                fail(Demand.invalid(n));
                return;
            }
            reader.pull();
            deliverUnaryWhenWanted();
        }

        @Override
        public void cancel() {
            if (done.compareAndSet(false, true)) {
                reader.cancel();
                CompletableFuture<?> call = exchange;
                if (call != null) {
                    call.cancel(true);
                }
            }
        }
    }
}
