package io.mig.state.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.ApiResponse;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.NatsKeyValueUtil;
import java.io.IOException;
import java.time.Duration;

/**
 * Compare-and-set writes that stay exact on a replicated stream, for every store that counts on one
 * writer winning: the event log's next sequence, quota counts, usage, idempotency claims and the
 * watched KV stores.
 *
 * <p>JetStream's "expected last subject sequence" alone is not enough on a cluster: a non-zero
 * expectation is checked by the stream leader before the write is replicated, not when the replicas
 * apply it, so writes racing on one subject can all pass (nats-server issue 4320; measured on 2.9.10
 * with replicas 3, see docs/HA.md). What every replica does check when it applies a write is the
 * message id ({@code Nats-Msg-Id}) against the stream's duplicate window. So each conditional write
 * also carries the id of the <em>slot</em> it fills — the subject and the sequence it expects to
 * follow — and at most one write per slot is stored; a second one is answered as a duplicate, which
 * is the same lost race. A slot's sequence is a stream position, never reused, so two different
 * slots never share an id. The expectation 0 ("the subject has no message") is checked when applied
 * and needs no id (and a key created, deleted and created again would otherwise reuse one). Racing
 * writes are in flight for milliseconds, far inside the duplicate window (2 minutes by default);
 * a writer whose view is older than that is refused by the expectation itself.
 */
final class CompareAndSet {
    private final JetStream js;
    private final JetStreamManagement jsm;
    private final String stream;
    private final String subjectPrefix;

    /** Writes to the KV bucket {@code bucket} through {@code connection}. */
    CompareAndSet(Connection connection, String bucket, Duration timeout) throws IOException {
        JetStreamOptions options = JetStreamOptions.builder().requestTimeout(timeout).build();
        this.js = connection.jetStream(options);
        this.jsm = connection.jetStreamManagement(options);
        this.stream = "KV_" + bucket;
        this.subjectPrefix = NatsKeyValueUtil.toKeyPrefix(bucket);
    }

    /**
     * Publishes {@code message} if its subject's last message is still at stream position
     * {@code expected} (0: the subject has none), and returns the new message's position.
     *
     * @throws JetStreamApiException with {@link NatsFailures#WRONG_LAST_SEQUENCE} when another write came first
     */
    static long publish(JetStream js, Message message, long expected) throws IOException, JetStreamApiException {
        PublishOptions.Builder condition = PublishOptions.builder().expectedLastSubjectSequence(expected);
        if (expected > 0) {
            condition.messageId(slot(message.getSubject(), expected));
        }
        PublishAck ack = js.publish(message, condition.build());
        if (ack.isDuplicate()) {
            throw lostRace(message.getSubject(), expected);
        }
        return ack.getSeqno();
    }

    /** The id of the write that follows position {@code expected} on {@code subject}. */
    static String slot(String subject, long expected) {
        return subject + "@" + expected;
    }

    /** A key's first value; like {@code KeyValue.create}, a key whose latest entry is a delete marker counts as absent. */
    long create(String key, byte[] value) throws IOException, JetStreamApiException {
        try {
            return update(key, value, 0);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != NatsFailures.WRONG_LAST_SEQUENCE) {
                throw e;
            }
            long marker = deleteMarker(key);
            if (marker == 0) {
                throw e;
            }
            return update(key, value, marker);
        }
    }

    /** A new value of {@code key} if its latest revision is still {@code expectedRevision}; returns the new revision. */
    long update(String key, byte[] value, long expectedRevision) throws IOException, JetStreamApiException {
        return publish(js, NatsMessage.builder().subject(subjectPrefix + key).data(value).build(), expectedRevision);
    }

    /** A delete marker ({@code KV-Operation: DEL}, as {@code KeyValue.delete} writes it) if the latest revision is still {@code expectedRevision}. */
    long delete(String key, long expectedRevision) throws IOException, JetStreamApiException {
        return publish(js, NatsMessage.builder().subject(subjectPrefix + key).headers(NatsKeyValueUtil.getDeleteHeaders()).build(),
                expectedRevision);
    }

    /** The revision of the key's latest entry when that is a delete or purge marker, else 0. */
    private long deleteMarker(String key) throws IOException, JetStreamApiException {
        MessageInfo last;
        try {
            last = jsm.getLastMessage(stream, subjectPrefix + key);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NatsFailures.NO_MESSAGE_FOUND) {
                return 0;
            }
            throw e;
        }
        Headers headers = last.getHeaders();
        String operation = headers == null ? null : headers.getFirst(NatsKeyValueUtil.KV_OPERATION_HEADER_KEY);
        return "DEL".equals(operation) || "PURGE".equals(operation) ? last.getSeq() : 0;
    }

    /** The error a lost race is reported with, so that callers handle both checks' answers alike. */
    private static JetStreamApiException lostRace(String subject, long expected) {
        String json = "{\"error\":{\"code\":400,\"err_code\":" + NatsFailures.WRONG_LAST_SEQUENCE
                + ",\"description\":\"wrong last sequence: another write followed " + expected + " on "
                + subject.replace("\"", "") + " first\"}}";
        try {
            return new JetStreamApiException(new ApiResponse<Void>(JsonParser.parse(json)) { });
        } catch (JsonParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
