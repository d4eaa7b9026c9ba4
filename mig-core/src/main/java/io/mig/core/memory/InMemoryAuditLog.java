package io.mig.core.memory;

import io.mig.core.port.out.AuditRecord;
import io.mig.core.port.out.AuditSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The newest audit records, bounded; the history that audit export reads. */
public final class InMemoryAuditLog implements AuditSink {
    private final ArrayDeque<AuditRecord> records = new ArrayDeque<>();
    private final int capacity;

    public InMemoryAuditLog(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void record(AuditRecord record) {
        if (records.size() == capacity) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    /** Matching records, oldest first, at most {@code limit}, the newest ones when more match. */
    public synchronized List<AuditRecord> query(Predicate<AuditRecord> filter, int limit) {
        ArrayDeque<AuditRecord> newest = new ArrayDeque<>();
        var it = records.descendingIterator();
        while (it.hasNext() && newest.size() < limit) {
            AuditRecord r = it.next();
            if (filter.test(r)) {
                newest.addFirst(r);
            }
        }
        return new ArrayList<>(newest);
    }

    public synchronized int size() {
        return records.size();
    }
}
