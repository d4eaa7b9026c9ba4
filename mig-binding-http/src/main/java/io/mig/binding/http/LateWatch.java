package io.mig.binding.http;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The hang-up watch of a unary call, armed only if the call is still running {@link #DELAY} after
 * it started. Arming a {@link ClientWatch} costs a system call and a selector wake-up, and most
 * calls have their answer before then; a caller that hangs up on a long call is still noticed
 * within the delay.
 */
final class LateWatch {
    /** How long a unary call runs before its caller's connection is watched. */
    static final long DELAY_MILLIS = 5;

    private final Supplier<ClientWatch> arm;
    private ScheduledFuture<?> timer;
    private ClientWatch watch;
    private boolean finished;

    private LateWatch(Supplier<ClientWatch> arm) {
        this.arm = arm;
    }

    /**
     * Starts the delay; {@code arm} registers the watch (see {@link ClientWatch#of}) and runs on the
     * timer's thread, unless the call has finished by then.
     */
    static LateWatch after(ScheduledExecutorService scheduler, Supplier<ClientWatch> arm) {
        LateWatch late = new LateWatch(arm);
        try {
            ScheduledFuture<?> task = scheduler.schedule(late::arm, DELAY_MILLIS, TimeUnit.MILLISECONDS);
            synchronized (late) {
                late.timer = task;
            }
        } catch (RejectedExecutionException e) {
            // the binding is stopping: its connections close anyway
        }
        return late;
    }

    // under the lock, so that no watch is registered once the answer is being written: the
    // connection then reads the next request itself
    private synchronized void arm() {
        if (!finished) {
            watch = arm.get();
        }
    }

    /**
     * Ends the watch; call it before the answer is written.
     *
     * @return whether the watch read bytes the caller sent meanwhile (a pipelined request), so that
     *         the answer must close the connection (see {@link ClientWatch#readAhead()})
     */
    synchronized boolean finish() {
        finished = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (watch == null) {
            return false;
        }
        watch.stop();
        return watch.readAhead();
    }
}
