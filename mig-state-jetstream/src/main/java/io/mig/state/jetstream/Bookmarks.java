package io.mig.state.jetstream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where in the event stream recently seen (subject, MIG sequence) pairs are: the ends of the pages
 * read and the heads appended. The next page of a replay and a resume from the last delivered
 * event start from a bookmark instead of a binary search. Least recently used pairs are forgotten.
 */
final class Bookmarks {
    private final Map<String, Long> positions;

    Bookmarks(int capacity) {
        this.positions = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(String subject, long sequence, long streamSequence) {
        if (sequence > 0) {
            positions.put(key(subject, sequence), streamSequence);
        }
    }

    /** The stream position of the event with this sequence on this subject, null when not known. */
    synchronized Long get(String subject, long sequence) {
        return positions.get(key(subject, sequence));
    }

    private static String key(String subject, long sequence) {
        return subject + '#' + sequence;
    }
}
