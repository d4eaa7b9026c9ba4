package io.mig.binding.http;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Arms the {@link LateWatch}es of the unary calls still running after {@link #DELAY_MILLIS}, from one
 * tick every delay while any call is waiting, so a call costs a queue entry and no timer task of its
 * own. (A timer task per call woke the timer thread for nearly every call, and took the timer's lock
 * twice on the request's thread; at 12,000 calls a second that was 7 % of a core and 0.3 context
 * switches per call.) The queue is in the order calls start, so a tick takes calls from its head until
 * the first one not yet due; it visits no call that is not due, and a finished call leaves the queue
 * when it reaches the head. A watch is armed between one and two delays after its call started; when
 * no call waits, nothing ticks.
 */
final class LateWatches {
    /** How long a unary call runs before its caller's connection is watched. */
    static final long DELAY_MILLIS = 5;
    private static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS);

    private final ScheduledExecutorService timer;
    private final ConcurrentLinkedQueue<LateWatch> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean ticking = new AtomicBoolean();

    LateWatches(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Starts the delay of one call; {@code arm} registers its watch (see {@link ClientWatch#of}) and
     * runs on the timer's thread, unless the call has finished by then.
     */
    LateWatch after(Supplier<ClientWatch> arm) {
        LateWatch late = new LateWatch(arm, System.nanoTime() + DELAY_NANOS);
        waiting.add(late);
        if (!ticking.get() && ticking.compareAndSet(false, true)) {
            schedule();
        }
        return late;
    }

    /** Calls waiting for their delay to end, finished ones not yet taken out included. */
    int waiting() {
        return waiting.size();
    }

    private void schedule() {
        try {
            timer.schedule(this::tick, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the binding is stopping: its connections close anyway
            waiting.clear();
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (LateWatch head = waiting.peek(); head != null; head = waiting.peek()) {
            if (head.due() - now > 0 && !head.finished()) {
                break;
            }
            waiting.poll();
            try {
                head.arm();
            } catch (RuntimeException e) {
                // ClientWatch.of answers null for a connection it cannot watch; whatever else one
                // watch throws must not stop the tick, or no later call would be watched
            }
        }
        if (!waiting.isEmpty()) {
            schedule();
            return;
        }
        ticking.set(false);
        // a call that came in after the queue was seen empty, before the flag was down
        if (!waiting.isEmpty() && ticking.compareAndSet(false, true)) {
            schedule();
        }
    }
}
