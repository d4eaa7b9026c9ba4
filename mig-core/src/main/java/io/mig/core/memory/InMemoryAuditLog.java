package io.mig.core.memory;

import io.mig.core.port.out.AuditRecord;
import io.mig.core.port.out.AuditHistory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The newest audit records, the history that audit export reads, kept per tenant: each tenant has
 * its own bounded history, so one tenant's traffic cannot push another's records out. Past the
 * global bound, the tenant holding the most records gives up its oldest one. Records without a
 * tenant (an unauthenticated caller's refusal, whose tenant was never established) have a history
 * of their own.
 */
public final class InMemoryAuditLog implements AuditHistory {
    private final Map<String, History> histories = new HashMap<>();
    private final TreeSet<History> bySize = new TreeSet<>(Comparator.comparingInt((History h) -> h.records.size())
            .thenComparingLong(h -> h.id));
    private final int perTenant;
    private final int capacity;
    private long sequence;
    private long nextId;
    private int size;

    /** A history of {@code capacity} records for each tenant and for all of them together. */
    public InMemoryAuditLog(int capacity) {
        this(capacity, capacity);
    }

    /**
     * @param perTenant records kept for one tenant (and for the unauthenticated refusals)
     * @param capacity records kept over all tenants
     */
    public InMemoryAuditLog(int perTenant, int capacity) {
        if (perTenant < 1 || capacity < 1) {
            throw new IllegalArgumentException("audit history bounds must be at least 1");
        }
        this.perTenant = perTenant;
        this.capacity = capacity;
    }

    @Override
    public synchronized void record(AuditRecord record) {
        String tenant = record.tenantId() == null ? "" : record.tenantId();
        History history = histories.get(tenant);
        if (history != null && history.records.size() == perTenant) {
            // a full history gives up its oldest record for the new one: its size, and so its place
            // in bySize, stay as they are (the common case once a tenant is busy: no re-sorting)
            history.records.removeFirst();
            history.records.addLast(new Entry(sequence++, record));
            return;
        }
        if (history == null) {
            history = new History(tenant, nextId++);
            histories.put(tenant, history);
        } else {
            bySize.remove(history);
        }
        history.records.addLast(new Entry(sequence++, record));
        size++;
        bySize.add(history);
        while (size > capacity) {
            History largest = bySize.pollLast();
            largest.records.removeFirst();
            size--;
            if (largest.records.isEmpty()) {
                histories.remove(largest.tenant);
            } else {
                bySize.add(largest);
            }
        }
    }

    @Override
    public synchronized List<AuditRecord> query(Predicate<AuditRecord> filter, int limit) {
        List<Entry> all = new ArrayList<>(size);
        for (History history : histories.values()) {
            all.addAll(history.records);
        }
        all.sort(Comparator.comparingLong(Entry::sequence));
        return newest(all.listIterator(all.size()), filter, limit);
    }

    @Override
    public synchronized List<AuditRecord> query(String tenant, Predicate<AuditRecord> filter, int limit) {
        History history = histories.get(tenant == null ? "" : tenant);
        if (history == null) {
            return List.of();
        }
        List<Entry> records = new ArrayList<>(history.records);
        return newest(records.listIterator(records.size()), filter, limit);
    }

    public synchronized int size() {
        return size;
    }

    private static List<AuditRecord> newest(ListIterator<Entry> fromEnd, Predicate<AuditRecord> filter, int limit) {
        ArrayDeque<AuditRecord> newest = new ArrayDeque<>();
        while (fromEnd.hasPrevious() && newest.size() < limit) {
            AuditRecord r = fromEnd.previous().record();
            if (filter.test(r)) {
                newest.addFirst(r);
            }
        }
        return new ArrayList<>(newest);
    }

    private record Entry(long sequence, AuditRecord record) {
    }

    private static final class History {
        final String tenant;
        final long id;
        final ArrayDeque<Entry> records = new ArrayDeque<>();

        History(String tenant, long id) {
            this.tenant = tenant;
            this.id = id;
        }
    }
}
