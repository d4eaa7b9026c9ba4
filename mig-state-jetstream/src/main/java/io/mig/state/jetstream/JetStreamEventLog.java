package io.mig.state.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.StoredEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.StreamContext;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The event log on one JetStream stream per gateway ({@code <PREFIX>_EVENTS}), one subject per
 * (tenant, topic): {@code <prefix>.events.<tenant token>.<topic token>} (tokens: {@link NatsTokens}).
 *
 * <p><b>Sequences.</b> The MIG sequence of an event is kept in its {@value EventCodec#SEQUENCE_HEADER}
 * header. An append publishes sequence {@code n + 1} on the condition that the subject's last
 * message is still the one that carried {@code n} ({@link CompareAndSet}: JetStream's expected last
 * subject sequence, and the slot's message id, which keeps it exact on a replicated stream); a
 * publisher that lost the race to another instance reads the new head and tries again. So every
 * instance sees one gap-free sequence per subject, and the head is cached: an append nobody else
 * contends for is one round trip. Appends to one subject on one instance take a local lock, so
 * only appends from different instances ever retry.
 *
 * <p><b>Retention.</b> {@code max_msgs_per_subject} = {@link Options#retentionEvents()} drops a
 * topic's oldest events. The stream's {@code max_bytes} bounds all topics together with the discard
 * policy {@code new}: a full stream refuses new events ({@code MIG_BACKPRESSURE}) rather than drop
 * the oldest of the whole stream, which could drop a quiet topic's last event and restart its
 * sequence at 1.
 *
 * <p><b>Reading.</b> {@link #readOrFollow} finds the stream position of the first event after the
 * cursor (the subject's first and last message, then a binary search over direct gets between the
 * bounds those two give, skipped for the cursors it has seen before) and starts one ordered consumer there ({@link EventFeed}).
 *
 * <pre>{@code
 * EventLog events = new JetStreamEventLog(connection, JetStreamEventLog.Options.defaults().withRetentionEvents(10_000));
 * }</pre>
 */
public final class JetStreamEventLog implements EventLog, AutoCloseable {
    private static final int LOCK_STRIPES = 256;
    private static final int MAX_CACHED_HEADS = 100_000;
    /** JetStream's answer to a publish into a full stream ("maximum bytes exceeded"). */
    private static final int STREAM_STORE_FAILED = 10077;
    /** JetStream's answer when the account's storage is used up. */
    private static final int STORAGE_EXCEEDED = 10047;
    /** Room left in NATS' max payload for the message's headers (the sequence and JetStream's expectations). */
    private static final int HEADER_ALLOWANCE = 256;

    private final Connection connection;
    private final Options options;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final String streamName;
    private final String subjectPrefix;
    private final JetStream js;
    private final JetStreamManagement jsm;
    private final StreamContext stream;
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService restarts;
    private final ConcurrentHashMap<String, Head> heads = new ConcurrentHashMap<>();
    private final Bookmarks bookmarks = new Bookmarks(10_000);
    private final Object[] appendLocks = new Object[LOCK_STRIPES];

    /**
     * @param prefix starts the stream name ({@code <prefix>_EVENTS}) and, in lower case, the subjects
     * @param replicas stream replicas ({@code MIGD_JETSTREAM_REPLICAS})
     * @param timeout bound of every JetStream call; past it a method throws {@code MIG_UNAVAILABLE}
     * @param retentionEvents events kept per (tenant, topic) ({@code MIGD_EVENT_RETENTION})
     * @param maxBytes bytes of the whole stream ({@code MIGD_EVENT_MAX_BYTES}); full → new events refused
     * @param maxTopicsPerTenant topics one tenant may publish to ({@code MIGD_MAX_TOPICS_PER_TENANT})
     * @param maxTopics topics of all tenants ({@code MIGD_MAX_TOPICS})
     */
    public record Options(String prefix, int replicas, Duration timeout, long retentionEvents, long maxBytes,
                          int maxTopicsPerTenant, int maxTopics) {
        public Options {
            if (prefix == null || !prefix.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("prefix must be letters, digits, '_' or '-': " + prefix);
            }
            if (replicas < 1 || timeout.isNegative() || timeout.isZero() || retentionEvents < 1 || maxBytes < 1
                    || maxTopicsPerTenant < 1 || maxTopics < 1) {
                throw new IllegalArgumentException("event log options must be positive");
            }
        }

        /** {@code MIGD}, 1 replica, 2 s, 10 000 events per topic, 256 MiB, 1 000 topics per tenant, 10 000 topics. */
        public static Options defaults() {
            return new Options("MIGD", 1, Duration.ofSeconds(2), 10_000, 256L * 1024 * 1024, 1_000, 10_000);
        }

        public Options withPrefix(String value) {
            return new Options(value, replicas, timeout, retentionEvents, maxBytes, maxTopicsPerTenant, maxTopics);
        }

        public Options withReplicas(int value) {
            return new Options(prefix, value, timeout, retentionEvents, maxBytes, maxTopicsPerTenant, maxTopics);
        }

        public Options withTimeout(Duration value) {
            return new Options(prefix, replicas, value, retentionEvents, maxBytes, maxTopicsPerTenant, maxTopics);
        }

        public Options withRetentionEvents(long value) {
            return new Options(prefix, replicas, timeout, value, maxBytes, maxTopicsPerTenant, maxTopics);
        }

        public Options withMaxBytes(long value) {
            return new Options(prefix, replicas, timeout, retentionEvents, value, maxTopicsPerTenant, maxTopics);
        }

        public Options withTopics(int perTenant, int total) {
            return new Options(prefix, replicas, timeout, retentionEvents, maxBytes, perTenant, total);
        }
    }

    /** The newest event of a subject as this instance last saw it: MIG sequence and stream position. */
    private record Head(long sequence, long streamSequence) {
        static final Head EMPTY = new Head(0, 0);
    }

    /** Creates the stream when missing (or brings its limits to {@code options}); NATS must be reachable. */
    public JetStreamEventLog(Connection connection, Options options) {
        this(connection, options, Clock.systemUTC());
    }

    public JetStreamEventLog(Connection connection, Options options, Clock clock) {
        this(connection, options, clock, GatewayMetrics.NONE);
    }

    /** @param metrics told of each refusal by a bound ({@code topics}, {@code topics_per_tenant}, {@code event_bytes}) */
    public JetStreamEventLog(Connection connection, Options options, Clock clock, GatewayMetrics metrics) {
        this.connection = connection;
        this.metrics = metrics;
        this.options = options;
        this.clock = clock;
        this.streamName = options.prefix() + "_EVENTS";
        this.subjectPrefix = options.prefix().toLowerCase(Locale.ROOT) + ".events.";
        for (int i = 0; i < LOCK_STRIPES; i++) {
            appendLocks[i] = new Object();
        }
        JetStreamOptions jso = JetStreamOptions.builder().requestTimeout(options.timeout()).build();
        this.js = NatsFailures.call(connection, "open the event stream", () -> connection.jetStream(jso));
        this.jsm = NatsFailures.call(connection, "open the event stream", () -> connection.jetStreamManagement(jso));
        NatsFailures.call(connection, "create the event stream " + streamName, () -> {
            ensureStream();
            return null;
        });
        this.stream = NatsFailures.call(connection, "open the event stream", () -> connection.getStreamContext(streamName, jso));
        this.dispatcher = connection.createDispatcher();
        this.restarts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mig-events-follow");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether the stream answers now (for {@code /readyz}). */
    public boolean usable() {
        try {
            NatsFailures.call(connection, "event stream", () -> jsm.getStreamInfo(streamName));
            return true;
        } catch (MigException e) {
            return false;
        }
    }

    /** Stops the followers' shared dispatcher; the stream and the connection stay. */
    @Override
    public void close() {
        restarts.shutdownNow();
        connection.closeDispatcher(dispatcher);
    }

    /** The stream's name, {@code <PREFIX>_EVENTS}. */
    public String streamName() {
        return streamName;
    }

    @Override
    public StoredEvent append(String tenant, String topic, String key, ObjectNode payload, MessageHeader header) {
        String subject = subject(tenant, topic);
        synchronized (appendLocks[Math.floorMod(subject.hashCode(), LOCK_STRIPES)]) {
            return NatsFailures.call(connection, "append to the event log",
                    () -> appendAtHead(subject, tenant, topic, key, payload, header));
        }
    }

    private StoredEvent appendAtHead(String subject, String tenant, String topic, String key, ObjectNode payload,
                                     MessageHeader header) throws IOException, JetStreamApiException {
        long giveUpAt = System.nanoTime() + options.timeout().toNanos();
        Head head = heads.get(subject);
        if (head == null) {
            head = loadHead(subject);
        }
        while (true) {
            if (head.sequence() == 0) {
                admitTopic(tenant);
            }
            StoredEvent event = new StoredEvent(tenant, topic, head.sequence() + 1, "evt-" + UUID.randomUUID(), key,
                    payload, header, clock.instant().toString());
            byte[] body = EventCodec.body(event);
            refuseOversized(body.length);
            try {
                long position = CompareAndSet.publish(js, NatsMessage.builder().subject(subject)
                        .headers(EventCodec.headers(event.sequence())).data(body).build(), head.streamSequence());
                remember(subject, new Head(event.sequence(), position));
                return event;
            } catch (JetStreamApiException e) {
                if (NatsFailures.isApiError(e, NatsFailures.WRONG_LAST_SEQUENCE) && System.nanoTime() < giveUpAt) {
                    head = loadHead(subject); // another instance appended: continue after its event
                } else if (e.getApiErrorCode() == STREAM_STORE_FAILED || e.getApiErrorCode() == STORAGE_EXCEEDED) {
                    metrics.boundHit("event_bytes");
                    throw MigException.backpressure("the event store is full (" + e.getErrorDescription() + ")")
                            .withDetail("bound", "event_bytes");
                } else {
                    throw e;
                }
            }
        }
    }

    /** An event NATS would refuse (its max payload, 1 MiB by default) is the publisher's error, not an outage. */
    private void refuseOversized(int bodyBytes) {
        long max = connection.getMaxPayload() - HEADER_ALLOWANCE;
        if (max > 0 && bodyBytes > max) {
            throw MigException.invalid("the event is " + bodyBytes + " bytes with its header; the event store takes at most "
                    + max).withReason(ErrorReason.TOO_LARGE).withDetail("max_event_bytes", max);
        }
    }

    /** Refuses the first event of a new topic past the topic bounds (counted by the stream's subjects). */
    private void admitTopic(String tenant) throws IOException, JetStreamApiException {
        StreamInfo all = jsm.getStreamInfo(streamName);
        if (all.getStreamState().getSubjectCount() >= options.maxTopics()) {
            metrics.boundHit("topics");
            throw MigException.backpressure("the gateway holds its limit of " + options.maxTopics() + " topics")
                    .withDetail("bound", "topics")
                    .withDetail("limit", options.maxTopics());
        }
        StreamInfo own = jsm.getStreamInfo(streamName,
                StreamInfoOptions.filterSubjects(subjectPrefix + NatsTokens.encode(tenant) + ".>"));
        List<?> subjects = own.getStreamState().getSubjects();
        if (subjects != null && subjects.size() >= options.maxTopicsPerTenant()) {
            metrics.boundHit("topics_per_tenant");
            throw new MigException(ErrorCode.MIG_RATE_LIMITED, "tenant has reached its limit of "
                    + options.maxTopicsPerTenant() + " topics; publish to an existing topic")
                    .withRetryable(false)
                    .withDetail("bound", "topics_per_tenant")
                    .withDetail("limit", options.maxTopicsPerTenant());
        }
    }

    @Override
    public ReadResult readOrFollow(String tenant, String topic, long after, int limit, Consumer<StoredEvent> follower) {
        String subject = subject(tenant, topic);
        return NatsFailures.call(connection, "read the event log", () -> read(subject, tenant, topic, after, limit, follower));
    }

    private ReadResult read(String subject, String tenant, String topic, long after, int limit,
                            Consumer<StoredEvent> follower)
            throws IOException, JetStreamApiException, InterruptedException, TimeoutException {
        MessageInfo last = lastMessage(subject);
        OrderedConsumerConfiguration from = new OrderedConsumerConfiguration().filterSubject(subject);
        long head = 0;
        if (last == null) {
            from.deliverPolicy(DeliverPolicy.All); // nothing retained: whatever comes is after the cursor
        } else {
            head = EventCodec.sequence(last.getHeaders());
            remember(subject, new Head(head, last.getSeq()));
            if (after >= head) {
                from.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(last.getSeq() + 1);
            } else {
                from.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(firstAfter(subject, after, last));
            }
        }
        EventFeed feed = new EventFeed(tenant, topic, after, connection, stream, dispatcher, restarts);
        boolean following = false;
        try {
            feed.start(from);
            List<EventFeed.Read> page = after >= head || limit <= 0 ? List.of()
                    : feed.awaitPage(head, limit, options.timeout().toNanos());
            List<StoredEvent> events = page.stream().map(EventFeed.Read::event).toList();
            long lastReturned = events.isEmpty() ? after : events.get(events.size() - 1).sequence();
            if (!page.isEmpty()) {
                EventFeed.Read end = page.get(page.size() - 1);
                bookmarks.put(subject, end.event().sequence(), end.streamSequence());
            }
            if (lastReturned < head) {
                return new ReadResult(events, null);
            }
            feed.follow(page.size(), follower);
            following = true;
            return new ReadResult(events, feed::close);
        } finally {
            if (!following) {
                feed.close();
            }
        }
    }

    /** The stream position to read from for the first retained event with a sequence above {@code after}. */
    private long firstAfter(String subject, long after, MessageInfo last) throws IOException, JetStreamApiException {
        Long known = bookmarks.get(subject, after);
        if (known != null) {
            return known + 1;
        }
        MessageInfo first = jsm.getFirstMessage(streamName, subject);
        long oldest = EventCodec.sequence(first.getHeaders());
        if (oldest > after) {
            return first.getSeq(); // cursor older than retention: from the oldest retained
        }
        // The subject's events are gap-free, each at its own position, so event after + 1 lies at
        // least (after + 1 - oldest) positions past the first and (newest - after - 1) before the
        // last: for a topic nobody interleaves with, the bounds meet and no probe is needed.
        long newest = EventCodec.sequence(last.getHeaders());
        // smallest position p with sequence(next message at or after p) > after; the high bound qualifies
        long low = first.getSeq() + (after + 1 - oldest);
        long high = last.getSeq() - (newest - after - 1);
        while (low < high) {
            long middle = low + (high - low) / 2;
            MessageInfo probe = jsm.getNextMessage(streamName, middle, subject);
            if (EventCodec.sequence(probe.getHeaders()) > after) {
                high = middle;
            } else {
                low = probe.getSeq() + 1;
            }
        }
        return low;
    }

    @Override
    public long lastSequence(String tenant, String topic) {
        String subject = subject(tenant, topic);
        return NatsFailures.call(connection, "read the event log", () -> {
            MessageInfo last = lastMessage(subject);
            if (last == null) {
                return 0L;
            }
            long sequence = EventCodec.sequence(last.getHeaders());
            remember(subject, new Head(sequence, last.getSeq()));
            return sequence;
        });
    }

    private Head loadHead(String subject) throws IOException, JetStreamApiException {
        MessageInfo last = lastMessage(subject);
        Head head = last == null ? Head.EMPTY : new Head(EventCodec.sequence(last.getHeaders()), last.getSeq());
        heads.put(subject, head);
        return head;
    }

    /** The subject's newest message, null when it has none. */
    private MessageInfo lastMessage(String subject) throws IOException, JetStreamApiException {
        try {
            return jsm.getLastMessage(streamName, subject);
        } catch (JetStreamApiException e) {
            if (NatsFailures.isApiError(e, NatsFailures.NO_MESSAGE_FOUND)) {
                return null;
            }
            throw e;
        }
    }

    private void remember(String subject, Head head) {
        if (heads.size() > MAX_CACHED_HEADS) {
            heads.clear(); // a cache: a miss costs one direct get
        }
        heads.merge(subject, head, (old, fresh) -> fresh.sequence() >= old.sequence() ? fresh : old);
        bookmarks.put(subject, head.sequence(), head.streamSequence());
    }

    private String subject(String tenant, String topic) {
        return NatsTokens.bounded(subjectPrefix + NatsTokens.encode(tenant) + "." + NatsTokens.encode(topic));
    }

    private void ensureStream() throws IOException, JetStreamApiException {
        StreamConfiguration wanted = StreamConfiguration.builder()
                .name(streamName)
                .description("MIG events: one subject per (tenant, topic), the MIG sequence in the Mig-Sequence header")
                .subjects(subjectPrefix + ">")
                .storageType(StorageType.File)
                .replicas(options.replicas())
                .maxMessagesPerSubject(options.retentionEvents())
                .maxBytes(options.maxBytes())
                .discardPolicy(DiscardPolicy.New)
                .allowDirect(true)
                .build();
        StreamInfo existing;
        try {
            existing = jsm.getStreamInfo(streamName);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            jsm.addStream(wanted);
            return;
        }
        StreamConfiguration current = existing.getConfiguration();
        if (current.getMaxMsgsPerSubject() != options.retentionEvents() || current.getMaxBytes() != options.maxBytes()) {
            // the newest instance's retention wins; replicas stay as the operator left them
            jsm.updateStream(StreamConfiguration.builder(current)
                    .maxMessagesPerSubject(options.retentionEvents())
                    .maxBytes(options.maxBytes())
                    .build());
        }
    }
}
