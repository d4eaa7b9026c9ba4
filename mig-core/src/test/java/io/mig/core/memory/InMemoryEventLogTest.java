package io.mig.core.memory;

import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.EventLogContract;

/** The in-memory {@link EventLog} passes the store contract; one object is every instance's view. */
class InMemoryEventLogTest extends EventLogContract {
    @Override
    protected EventLog newStore() {
        return new InMemoryEventLog(RETENTION, clock);
    }

    @Override
    protected EventLog sibling(EventLog store) {
        return store;
    }
}
