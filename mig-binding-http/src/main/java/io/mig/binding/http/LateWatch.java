package io.mig.binding.http;

import java.util.function.Supplier;

/**
 * The hang-up watch of a unary call, armed only if the call is still running {@link
 * LateWatches#DELAY_MILLIS} after it started. Arming a {@link ClientWatch} costs a system call and a
 * selector wake-up, and most calls have their answer before then; a caller that hangs up on a long
 * call is still noticed within two delays.
 */
final class LateWatch {
    private final Supplier<ClientWatch> arm;
    private final long due;
    private ClientWatch watch;
    private boolean finished;

    LateWatch(Supplier<ClientWatch> arm, long due) {
        this.arm = arm;
        this.due = due;
    }

    /** When, in {@link System#nanoTime()}, the watch is to be armed. */
    long due() {
        return due;
    }

    // under the lock, so that no watch is registered once the answer is being written: the
    // connection then reads the next request itself
    synchronized void arm() {
        if (!finished) {
            watch = arm.get();
        }
    }

    synchronized boolean finished() {
        return finished;
    }

    /**
     * Ends the watch; call it before the answer is written.
     *
     * @return whether the watch read bytes the caller sent meanwhile (a pipelined request), so that
     *         the answer must close the connection (see {@link ClientWatch#readAhead()})
     */
    synchronized boolean finish() {
        finished = true;
        if (watch == null) {
            return false;
        }
        watch.stop();
        return watch.readAhead();
    }
}
