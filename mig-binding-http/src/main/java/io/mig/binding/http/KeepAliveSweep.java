package io.mig.binding.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive comments of every open SSE stream from one timer task, which visits a stream only
 * when its comment is due: no stream goes longer than the keep-alive interval without a byte
 * (SPEC §3.4), and 10,000 idle streams cost one wake-up a tick and one visit per stream per interval
 * (issue #12, P5b) — not a visit of every stream every tick, which at 10,000 streams was most of the
 * timer thread's user time (cache misses on streams that had nothing due).
 *
 * <p>A timing wheel: the interval is cut into ticks of {@code min(1 s, interval / 3)}, and each
 * stream sits in the slot of the last tick at or before its comment falls due — its last write plus
 * the interval less one tick, the tick left as a margin for a timer that runs late, as the sweep of
 * every stream it replaces had (an idle stream gets a comment every 14 s at the default 15 s). A
 * write does not move the stream: when its tick comes the stream is asked
 * ({@link Stream#keepAliveIfIdle}), which sends the comment if it has been idle for the interval less
 * two ticks and answers its last write either way, and the stream moves to the slot that write makes
 * due — so an active stream is visited about once per interval, an idle one once per comment.
 *
 * <p>Slots are arrays, and a stream's place in one is kept in its {@link Member}, so adding and
 * removing a stream are O(1) under the wheel's lock; the comments themselves are sent outside it.
 * The wheel has room for one interval and two ticks ahead of the tick it visits next; a stream due
 * further ahead (only when the timer has fallen that far behind) wraps round and is visited early,
 * which costs one visit and sends nothing — never late.
 */
final class KeepAliveSweep {
    /** What the wheel asks of a stream. */
    interface Stream {
        /**
         * Sends a keep-alive comment if nothing was written for {@code idleNanos}.
         *
         * @return the time of the stream's last write (or comment), after this call
         */
        long keepAliveIfIdle(long now, long idleNanos);

        /** Ends the stream: it failed to take a comment, so its client is gone. */
        void abort();
    }

    /** A stream's place in the wheel; {@link #cancel()} takes it out. */
    final class Member {
        private final Stream stream;
        private int slot = NOWHERE; // guarded by the wheel
        private int index;          // guarded by the wheel
        private boolean cancelled;  // guarded by the wheel

        private Member(Stream stream) {
            this.stream = stream;
        }

        /** Takes the stream out of the wheel (idempotent). */
        void cancel() {
            synchronized (KeepAliveSweep.this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                size--;
                if (slot >= 0) {
                    unlink(this);
                }
            }
        }
    }

    /** A member that is in no slot: being visited, or cancelled. */
    private static final int NOWHERE = -1;

    private final long intervalNanos;
    private final long tickNanos;
    private final long origin;
    private final Slot[] slots;
    private long nextTick;   // guarded by this: the first tick not yet visited
    private int size;        // guarded by this
    // the visiting thread's own (one visit at a time: the timer's task, or a test calling runDue)
    private final ArrayList<Member> due = new ArrayList<>();
    private final ArrayList<Member> visited = new ArrayList<>();
    private long[] lastWrites = new long[16];

    KeepAliveSweep(ScheduledExecutorService timer, Duration keepAlive) {
        this(keepAlive, System.nanoTime());
        long tickMillis = TimeUnit.NANOSECONDS.toMillis(tickNanos);
        timer.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** A wheel that runs when it is told to ({@link #runDue}), from {@code origin} on (tests). */
    KeepAliveSweep(Duration keepAlive, long origin) {
        this.intervalNanos = keepAlive.toNanos();
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis(keepAlive));
        this.origin = origin;
        // a stream is placed at most interval / tick + 1 ticks ahead of the tick being visited
        this.slots = new Slot[(int) ((intervalNanos + tickNanos - 1) / tickNanos) + 3];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    /** The tick: the interval's third, at most a second, at least a millisecond. */
    static long tickMillis(Duration keepAlive) {
        return Math.max(1, Math.min(1_000, keepAlive.toMillis() / 3));
    }

    /**
     * How long a stream must have been idle for its tick to send the comment: the interval less two
     * ticks, since it is visited in the tick at or before its last write plus the interval less one.
     */
    long idleNanos() {
        return intervalNanos - 2 * tickNanos;
    }

    /** Adds a stream whose last write was at {@code lastWrite}; its first comment falls due one interval later. */
    Member add(Stream stream, long lastWrite) {
        Member member = new Member(stream);
        synchronized (this) {
            size++;
            place(member, lastWrite);
        }
        return member;
    }

    synchronized int size() {
        return size;
    }

    private void tick() {
        long now = System.nanoTime();
        try {
            runDue(now);
        } catch (RuntimeException e) {
            // a task that throws is never run again: keep ticking, and keep every stream taken out for
            // this visit in the wheel (its next comment then falls due one interval from now)
            synchronized (this) {
                for (ArrayList<Member> taken : List.of(due, visited)) {
                    for (Member member : taken) {
                        if (!member.cancelled && member.slot == NOWHERE) {
                            place(member, now);
                        }
                    }
                }
            }
            due.clear();
            visited.clear();
        }
    }

    /**
     * Visits every tick up to {@code now} not yet visited (one, unless the timer ran late): each
     * stream there gets its comment if it is due, and moves to the slot of its next one.
     */
    void runDue(long now) {
        long lastTick = Math.floorDiv(now - origin, tickNanos);
        synchronized (this) {
            for (; nextTick <= lastTick; nextTick++) {
                slots[slotOf(nextTick)].drainTo(due);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        long idleNanos = idleNanos();
        if (lastWrites.length < due.size()) {
            lastWrites = new long[Math.max(due.size(), lastWrites.length * 2)];
        }
        int count = 0;
        for (Member member : due) {
            try {
                lastWrites[count] = member.stream.keepAliveIfIdle(now, idleNanos);
                visited.add(member);
                count++;
            } catch (RuntimeException e) {
                member.stream.abort(); // a stream that cannot take a comment has no client left
                member.cancel();
            }
        }
        due.clear();
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                Member member = visited.get(i);
                if (!member.cancelled) {
                    place(member, lastWrites[i]);
                }
            }
        }
        visited.clear();
    }

    /**
     * Puts {@code member} into the slot of the last tick at or before its last write plus the interval
     * less one tick, or of the next tick to visit if that one has passed.
     */
    private void place(Member member, long lastWrite) {
        long tick = Math.max(nextTick, Math.floorDiv(lastWrite + intervalNanos - tickNanos - origin, tickNanos));
        int slot = slotOf(tick);
        slots[slot].add(member, slot);
    }

    private int slotOf(long tick) {
        return (int) Math.floorMod(tick, (long) slots.length);
    }

    private void unlink(Member member) {
        slots[member.slot].remove(member);
    }

    /** One tick's streams, in an array; a member knows its index, so removal swaps the last one in. */
    private static final class Slot {
        private Member[] members = new Member[8];
        private int count;

        void add(Member member, int slot) {
            if (count == members.length) {
                members = Arrays.copyOf(members, count * 2);
            }
            member.slot = slot;
            member.index = count;
            members[count++] = member;
        }

        void remove(Member member) {
            int last = --count;
            Member moved = members[last];
            members[member.index] = moved;
            moved.index = member.index;
            members[last] = null;
            member.slot = NOWHERE;
        }

        void drainTo(ArrayList<Member> out) {
            for (int i = 0; i < count; i++) {
                Member member = members[i];
                member.slot = NOWHERE;
                out.add(member);
                members[i] = null;
            }
            count = 0;
        }
    }
}
