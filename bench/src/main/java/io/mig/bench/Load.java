package io.mig.bench;

import java.util.function.LongSupplier;

/**
 * One side of a goal as a load client drives it: started, counted, stopped again. A client JVM
 * keeps one per side for the whole goal ({@link LoadCommands}), so that both sides are measured
 * by a client whose own JIT is as warm for one as for the other.
 */
interface Load {
    /** Starts sending (or subscribing and publishing). */
    void start() throws Exception;

    /** Stops and waits until what is in flight has come back. */
    void stop() throws Exception;

    /** What is counted: answers, or events delivered. */
    LongSupplier counter();

    /** Forgets what was counted so far (the start of a measured run). */
    void reset();

    /** The RESULT line of what was counted since {@link #reset}, over {@code seconds}. */
    String result(double seconds);
}
