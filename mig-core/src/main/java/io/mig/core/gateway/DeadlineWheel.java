package io.mig.core.gateway;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadlines of the invocations in flight: a hashed timing wheel of {@value #SLOTS} slots of
 * {@value #TICK_MILLIS} ms, swept by one thread of its own. Nearly every deadline is cancelled long
 * before it is due (the provider answered), so both ends are O(1) and touch one slot: {@link #schedule}
 * links a node into the slot of its tick, {@link Timeout#cancel} unlinks it again. A deadline is
 * never run early and at most one tick plus the thread's wake-up late (SPEC §4.4 allows 10 % + 50 ms);
 * one further out than a turn of the wheel stays in its slot until the turn it is due in.
 *
 * <p>It stands in for a {@code ScheduledThreadPoolExecutor}, whose one lock and heap every call took
 * twice from every selector thread (4–5 % of the request path's samples in the P1 profile). The
 * thread wakes once a tick while there is work; after {@value #IDLE_TICKS} ticks with nothing
 * scheduled it parks without a timeout, so an idle gateway does not wake for it, and the next
 * {@link #schedule} wakes it. (Woken at every empty-to-busy change instead, the wheel cost an unpark
 * per call: a busy gateway has only a few calls in flight at any instant.)
 */
final class DeadlineWheel implements AutoCloseable {
    static final long TICK_MILLIS = 5;
    static final int SLOTS = 512;
    static final int IDLE_TICKS = 200;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    private static final int MASK = SLOTS - 1;

    private final Slot[] slots = new Slot[SLOTS];
    private final AtomicInteger scheduled = new AtomicInteger();
    private final long origin = System.nanoTime();
    private final Thread sweeper;
    private volatile boolean closed;
    /** Set by the thread before it parks for good; read by {@link #schedule} after it counted its task. */
    private volatile boolean asleep;

    DeadlineWheel(String threadName) {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot();
        }
        sweeper = new Thread(this::sweepUntilClosed, threadName);
        sweeper.setDaemon(true);
        sweeper.start();
    }

    /** A scheduled task: cancel it when its work ended first. */
    static final class Timeout {
        private final Runnable task;
        private final long dueNanos;
        /** The slot it is linked into; null once it ran or was cancelled (guarded by the slot). */
        private Slot slot;
        private Timeout previous;
        private Timeout next;

        private Timeout(Runnable task, long dueNanos) {
            this.task = task;
            this.dueNanos = dueNanos;
        }

        /** Unschedules the task; nothing when it has run or is running. */
        void cancel() {
            Slot linked = slot; // a racy read: the slot's lock decides
            if (linked != null) {
                linked.remove(this);
            }
        }
    }

    /**
     * Runs {@code task} on the wheel's thread {@code delayMs} from now, unless cancelled first; a
     * task that throws is reported to the thread's uncaught-exception handler and the wheel goes on.
     */
    Timeout schedule(Runnable task, long delayMs) {
        if (closed) {
            throw new java.util.concurrent.RejectedExecutionException("the gateway's deadlines have stopped");
        }
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMs));
        Timeout timeout = new Timeout(task, due);
        // the first tick that starts at or after the due time: its sweep finds the task due
        long tick = Math.floorDiv(due - origin + TICK_NANOS - 1, TICK_NANOS);
        slots[(int) (tick & MASK)].add(timeout);
        scheduled.incrementAndGet();
        if (asleep) {
            LockSupport.unpark(sweeper);
        }
        return timeout;
    }

    /** How many tasks are scheduled and not yet run or cancelled. */
    int scheduled() {
        return scheduled.get();
    }

    /** Stops the thread; what is scheduled never runs. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(sweeper);
    }

    private void sweepUntilClosed() {
        long swept = tickAt(System.nanoTime()) - 1; // the last tick whose slot has been swept
        int idle = 0;
        while (!closed) {
            long now = System.nanoTime();
            long current = tickAt(now);
            if (current - swept > SLOTS) {
                swept = current - SLOTS; // a long sleep: every slot once is every slot
            }
            while (swept < current) {
                swept++;
                slots[(int) (swept & MASK)].runDue(now);
            }
            idle = scheduled.get() == 0 ? idle + 1 : 0;
            if (idle >= IDLE_TICKS) {
                asleep = true;
                // a task counted before this read is seen here; one counted after it sees asleep
                if (scheduled.get() == 0 && !closed) {
                    LockSupport.park(this); // the ticks slept through are swept on waking (at most a turn)
                }
                asleep = false;
                idle = 0;
            } else {
                LockSupport.parkNanos(this, origin + (current + 1) * TICK_NANOS - System.nanoTime());
            }
        }
    }

    private long tickAt(long nanos) {
        return Math.floorDiv(nanos - origin, TICK_NANOS);
    }

    /** One slot: a doubly linked list of timeouts under the slot's own lock. */
    private final class Slot {
        private Timeout head;

        synchronized void add(Timeout timeout) {
            timeout.slot = this;
            timeout.next = head;
            if (head != null) {
                head.previous = timeout;
            }
            head = timeout;
        }

        void remove(Timeout timeout) {
            synchronized (this) {
                if (timeout.slot != this) {
                    return; // ran, or cancelled before
                }
                unlink(timeout);
            }
            scheduled.decrementAndGet();
        }

        /** Runs, outside the lock, every task of this slot that is due at {@code now}. */
        void runDue(long now) {
            Timeout due = null;
            synchronized (this) {
                for (Timeout t = head; t != null; ) {
                    Timeout next = t.next;
                    if (t.dueNanos - now <= 0) {
                        unlink(t);
                        t.next = due;
                        due = t;
                    }
                    t = next;
                }
            }
            for (Timeout t = due; t != null; ) {
                Timeout next = t.next;
                t.next = null;
                scheduled.decrementAndGet();
                try {
                    t.task.run();
                } catch (Throwable e) { // as the executor it replaced: no task's failure stops the deadlines
                    Thread thread = Thread.currentThread();
                    thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
                }
                t = next;
            }
        }

        private void unlink(Timeout t) {
            if (t.previous != null) {
                t.previous.next = t.next;
            } else {
                head = t.next;
            }
            if (t.next != null) {
                t.next.previous = t.previous;
            }
            t.slot = null;
            t.previous = null;
            t.next = null;
        }
    }
}
