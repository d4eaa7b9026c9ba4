package io.mig.core.gateway;

import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Predicate;

/**
 * The published capabilities as DISCOVER searches them (SPEC §3.3: {@code query} is a case-sensitive
 * substring of the id), kept current by watching the store. A query of three or more characters
 * costs in proportion to the shortest posting list among its trigrams — about the number of
 * matches for any selective query — instead of a scan of every capability; a shorter query (or none)
 * walks the ids in order, as it matches most of them anyway.
 *
 * <p>Each id gets an ordinal; each trigram of an id lists the ordinals of the ids holding it. Ids
 * are rarely removed, so a removed id's ordinal is left dead in the lists (candidates are checked
 * against the live id anyway) and the whole index is rebuilt once dead ordinals outnumber live ones.
 */
final class CapabilityIndex implements AutoCloseable {
    private static final int GRAM = 3;

    private final CapabilityStore store;
    private final StampedLock lock = new StampedLock();
    private final TreeMap<String, Entry> byId = new TreeMap<>();
    private final Map<Long, Postings> byGram = new HashMap<>();
    private final List<Entry> byOrdinal = new ArrayList<>();
    private int dead;
    private final AutoCloseable watch;

    CapabilityIndex(CapabilityStore store) {
        this.store = store;
        // watch first, then load: a change racing the load is applied (again) afterwards, never lost
        this.watch = store.watch(this::refresh);
        for (CapabilityRegistration registration : store.list()) {
            put(registration.descriptor());
        }
    }

    /**
     * The descriptors whose id contains {@code query} (all when it is null or empty) and that
     * {@code visible} accepts, ordered by id.
     */
    List<CapabilityDescriptor> search(String query, Predicate<CapabilityDescriptor> visible) {
        long stamp = lock.readLock();
        try {
            List<CapabilityDescriptor> found = new ArrayList<>();
            Postings candidates = query == null || query.length() < GRAM ? null : shortestPostings(query);
            if (candidates == null && query != null && query.length() >= GRAM) {
                return found; // a trigram no id has: nothing can match
            }
            if (candidates == null) {
                for (Entry entry : byId.values()) {
                    if ((query == null || entry.id.contains(query)) && visible.test(entry.descriptor)) {
                        found.add(entry.descriptor);
                    }
                }
                return found;
            }
            List<Entry> matches = new ArrayList<>();
            for (int i = 0; i < candidates.size; i++) {
                Entry entry = byOrdinal.get(candidates.ordinals[i]);
                if (entry != null && entry.id.contains(query) && visible.test(entry.descriptor)) {
                    matches.add(entry);
                }
            }
            matches.sort((a, b) -> a.id.compareTo(b.id));
            for (Entry entry : matches) {
                found.add(entry.descriptor);
            }
            return found;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The posting list of the query's rarest trigram; null when some trigram is in no id. */
    private Postings shortestPostings(String query) {
        Postings shortest = null;
        for (int i = 0; i + GRAM <= query.length(); i++) {
            Postings postings = byGram.get(gram(query, i));
            if (postings == null) {
                return null;
            }
            if (shortest == null || postings.size < shortest.size) {
                shortest = postings;
            }
        }
        return shortest;
    }

    private void refresh(String id) {
        Optional<CapabilityRegistration> current = store.find(id);
        if (current.isPresent()) {
            put(current.get().descriptor());
        } else {
            remove(id);
        }
    }

    private void put(CapabilityDescriptor descriptor) {
        long stamp = lock.writeLock();
        try {
            Entry known = byId.get(descriptor.id());
            if (known != null) {
                known.descriptor = descriptor; // same id, same trigrams
                return;
            }
            Entry entry = new Entry(descriptor.id(), byOrdinal.size(), descriptor);
            byOrdinal.add(entry);
            byId.put(entry.id, entry);
            for (int i = 0; i + GRAM <= entry.id.length(); i++) {
                byGram.computeIfAbsent(gram(entry.id, i), g -> new Postings()).add(entry.ordinal);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void remove(String id) {
        long stamp = lock.writeLock();
        try {
            Entry entry = byId.remove(id);
            if (entry == null) {
                return;
            }
            byOrdinal.set(entry.ordinal, null);
            if (++dead > byId.size()) {
                rebuild();
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void rebuild() {
        List<Entry> live = new ArrayList<>(byId.values());
        byId.clear();
        byGram.clear();
        byOrdinal.clear();
        dead = 0;
        for (Entry entry : live) {
            Entry renumbered = new Entry(entry.id, byOrdinal.size(), entry.descriptor);
            byOrdinal.add(renumbered);
            byId.put(renumbered.id, renumbered);
            for (int i = 0; i + GRAM <= renumbered.id.length(); i++) {
                byGram.computeIfAbsent(gram(renumbered.id, i), g -> new Postings()).add(renumbered.ordinal);
            }
        }
    }

    /** Three UTF-16 units packed in a long. */
    private static long gram(String s, int at) {
        return ((long) s.charAt(at) << 32) | ((long) s.charAt(at + 1) << 16) | s.charAt(at + 2);
    }

    @Override
    public void close() throws Exception {
        watch.close();
    }

    private static final class Entry {
        final String id;
        final int ordinal;
        volatile CapabilityDescriptor descriptor;

        Entry(String id, int ordinal, CapabilityDescriptor descriptor) {
            this.id = id;
            this.ordinal = ordinal;
            this.descriptor = descriptor;
        }
    }

    /** The ordinals of one trigram, in the order the ids were added (an id repeating a trigram adds it once). */
    private static final class Postings {
        int[] ordinals = new int[2];
        int size;

        void add(int ordinal) {
            if (size > 0 && ordinals[size - 1] == ordinal) {
                return;
            }
            if (size == ordinals.length) {
                ordinals = Arrays.copyOf(ordinals, size * 2);
            }
            ordinals[size++] = ordinal;
        }
    }
}
