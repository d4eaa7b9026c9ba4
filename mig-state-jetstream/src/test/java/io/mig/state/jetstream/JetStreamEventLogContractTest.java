package io.mig.state.jetstream;

import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.EventLogContract;
import io.nats.client.Connection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JetStream event log passes the store contract: each case gets a stream of its own (a fresh
 * prefix), and the sibling is a second log object on a second connection over that stream.
 */
class JetStreamEventLogContractTest extends EventLogContract {
    private static final AtomicInteger STREAMS = new AtomicInteger();
    private static JetStreamServer nats;
    private static Connection first;
    private static Connection second;
    private final Map<EventLog, JetStreamEventLog.Options> optionsOf = new IdentityHashMap<>();

    @BeforeAll
    static void startNats() {
        nats = JetStreamServer.start();
        first = nats.connect();
        second = nats.connect();
    }

    @AfterAll
    static void stopNats() {
        nats.close();
    }

    @Override
    protected EventLog newStore() {
        JetStreamEventLog.Options options = JetStreamEventLog.Options.defaults()
                .withPrefix("C" + STREAMS.incrementAndGet())
                .withRetentionEvents(RETENTION);
        JetStreamEventLog log = new JetStreamEventLog(first, options, clock);
        optionsOf.put(log, options);
        return log;
    }

    @Override
    protected EventLog sibling(EventLog store) {
        return new JetStreamEventLog(second, optionsOf.get(store), clock);
    }
}
