package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A subscription to a topic over SSE (SPEC §3.4) that outlives its connections. Every connection
 * after the first asks for {@code Last-Event-ID: <last sequence delivered>}, so the gateway resends
 * exactly what was missed; a sequence already delivered is dropped, so a resend overlapping what
 * arrived is harmless. Between attempts it waits as {@link Reconnect} says. Cold: every subscriber
 * gets its own connection.
 */
final class EventStream implements Flow.Publisher<MigEvent> {
    private static final System.Logger LOG = System.getLogger(EventStream.class.getName());

    private final Endpoint endpoint;
    private final String topic;
    private final SubscribeOptions options;

    EventStream(Endpoint endpoint, String topic, SubscribeOptions options) {
        this.endpoint = endpoint;
        this.topic = topic;
        this.options = options;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super MigEvent> subscriber) {
        new Run(subscriber).start();
    }

    private final class Run implements Flow.Subscription {
        private final Flow.Subscriber<? super MigEvent> subscriber;
        private final Reconnect reconnect = options.reconnect() != null ? options.reconnect() : endpoint.reconnect();
        private final Demand demand = new Demand();
        private final AtomicBoolean done = new AtomicBoolean();
        /** The last sequence handed to the subscriber, or -1 (then the first connection replays everything retained). */
        private volatile long lastSequence;
        private volatile Connection current;
        /** Attempts in a row that made no progress; reset by a connection that delivered or stayed up. */
        private int failures;

        Run(Flow.Subscriber<? super MigEvent> subscriber) {
            this.subscriber = subscriber;
            this.lastSequence = options.resumeAfter() == null ? -1 : options.resumeAfter();
        }

        void start() {
            subscriber.onSubscribe(this);
            connect();
        }

        private void connect() {
            if (done.get()) {
                return;
            }
            Connection connection = new Connection();
            current = connection;
            try {
                connection.open();
            } catch (RuntimeException e) {
                finish(e); // e.g. the token supplier failed: nothing a reconnection would change
                return;
            }
            if (done.get()) {
                connection.close();
            }
        }

        private HttpRequest request() {
            List<String> query = new ArrayList<>();
            if (options.consumerId() != null) {
                query.add("consumer_id=" + Endpoint.segment(options.consumerId()));
            }
            if (options.maxInflight() != null) {
                query.add("max_inflight=" + options.maxInflight());
            }
            String path = "/subscribe/" + Endpoint.segment(topic) + (query.isEmpty() ? "" : "?" + String.join("&", query));
            HttpRequest.Builder request = endpoint.request(endpoint.uri(path)).header("Accept", "text/event-stream").GET();
            long cursor = lastSequence;
            if (cursor >= 0) {
                request.header("Last-Event-ID", Long.toString(cursor));
            }
            return request.build();
        }

        /** One connection ended; decide between reconnecting and ending the subscription. */
        private void connectionEnded(Connection connection, RuntimeException failure) {
            if (done.get() || connection != current) {
                return;
            }
            if (!retryable(failure, connection)) {
                finish(failure);
                return;
            }
            if (connection.delivered > 0 || connection.lasted().compareTo(reconnect.maxDelay()) >= 0) {
                failures = 0;
            }
            failures++;
            if (failures > reconnect.maxAttempts()) {
                finish(failure != null ? failure
                        : new MigTransportException("the subscription to " + topic + " ended " + failures + " times in a row", null));
                return;
            }
            Duration backoff = reconnect.delay(failures);
            Duration wait = failure instanceof MigRateLimitedException limited && limited.retryAfter().isPresent()
                    && limited.retryAfter().get().compareTo(backoff) > 0 ? limited.retryAfter().get() : backoff;
            int attempt = failures;
            LOG.log(System.Logger.Level.DEBUG, () -> "subscription to " + topic + " reconnects in " + wait.toMillis()
                    + " ms after event " + lastSequence + " (attempt " + attempt + "): "
                    + (failure == null ? "the stream ended" : failure.getMessage()));
            CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS).execute(this::connect);
        }

        /**
         * Dropped connections, clean ends and retryable MIG errors (backpressure: the subscriber was
         * too slow; unavailable: the gateway restarts) reconnect. An expired token mid-stream
         * reconnects when the token comes from a supplier that can give a fresh one; refusals end it.
         */
        private boolean retryable(RuntimeException failure, Connection connection) {
            if (failure instanceof MigClientException mig) {
                return mig.retryable()
                        || mig instanceof MigUnauthorizedException && connection.opened && endpoint.refreshableToken();
            }
            return true;
        }

        private void deliver(Connection connection, JsonNode data) {
            MigEvent event = MigEvent.from(data);
            if (event.sequence() <= lastSequence) {
                return; // resent after a reconnection; it was delivered before
            }
            lastSequence = event.sequence();
            connection.delivered++;
            demand.consumed();
            try {
                subscriber.onNext(event);
            } catch (RuntimeException e) {
                finish(e); // a subscriber must not throw (Reactive Streams 2.13): the subscription is over
            }
        }

        private void finish(RuntimeException failure) {
            if (done.compareAndSet(false, true)) {
                Connection connection = current;
                if (connection != null) {
                    connection.close();
                }
                if (failure == null) {
                    subscriber.onComplete();
                } else {
                    subscriber.onError(failure);
                }
            }
        }

        @Override
        public void request(long n) {
            if (!demand.add(n)) {
                finish(Demand.invalid(n));
                return;
            }
            Connection connection = current;
            if (connection != null) {
                connection.reader.pull();
            }
        }

        @Override
        public void cancel() {
            if (done.compareAndSet(false, true)) {
                Connection connection = current;
                if (connection != null) {
                    connection.close();
                }
            }
        }

        /** One HTTP response of the subscription. */
        private final class Connection implements SseReader.Listener {
            private final SseReader reader = new SseReader(this);
            private final AtomicBoolean over = new AtomicBoolean();
            private final long startedNanos = System.nanoTime();
            private volatile boolean opened;
            private volatile CompletableFuture<?> exchange;
            private long delivered;

            void open() {
                HttpResponse.BodyHandler<RuntimeException> handler = info -> {
                    if (info.statusCode() == 200) {
                        opened = true;
                        return HttpResponse.BodySubscribers.fromLineSubscriber(reader, r -> null, StandardCharsets.UTF_8, null);
                    }
                    return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                            text -> Errors.fromAnswer(info.statusCode(), info.headers(), text));
                };
                exchange = endpoint.http().sendAsync(request(), handler).whenComplete((response, failure) -> {
                    if (failure != null) {
                        end(Endpoint.transport(failure));
                    } else if (response.body() != null) {
                        end(response.body());
                    }
                });
            }

            Duration lasted() {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }

            void close() {
                over.set(true);
                reader.cancel();
                CompletableFuture<?> call = exchange;
                if (call != null) {
                    call.cancel(true);
                }
            }

            private void end(RuntimeException failure) {
                if (over.compareAndSet(false, true)) {
                    reader.cancel();
                    connectionEnded(this, failure);
                }
            }

            @Override
            public void event(SseParser.Event event) {
                if (over.get() || done.get()) {
                    return;
                }
                JsonNode data = Json.parseOrNull(event.data());
                if (data == null) {
                    end(new MigTransportException("an event that is not JSON: " + event.data(), null));
                } else if (event.name().equals("mig-error")) {
                    // e.g. MIG_BACKPRESSURE with details.last_sequence: the same as lastSequence, which
                    // counts what this client delivered and is what the next connection resumes from
                    end(Errors.fromError(data.path("error"), 0, null));
                } else if (event.name().equals("mig-event")) {
                    deliver(this, data);
                }
            }

            @Override
            public boolean wantsMore() {
                return demand.wanted() && !done.get() && !over.get();
            }

            @Override
            public void ended(Throwable failure) {
                end(failure == null ? null : Endpoint.transport(failure));
            }
        }
    }
}
