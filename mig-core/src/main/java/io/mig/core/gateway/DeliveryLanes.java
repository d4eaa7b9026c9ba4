package io.mig.core.gateway;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A few serial delivery threads ("lanes") shared by every binding subscription, one per core: each
 * subscription drains its queue of events on its lane. A publish to a topic of 1,000 subscribers
 * then costs 1,000 queue offers and at most one wake-up per lane, not 1,000 thread hand-offs on a
 * pool that grows a thread per waiting subscriber (the P5a profile of issue #12: the publisher held
 * the topic's lock through those hand-offs, and the topic's other publishers and new subscribers
 * queued behind it).
 *
 * <p>A lane runs one subscription's delivery after another, so what a lane runs must never block:
 * bindings hand each event to a non-blocking writer (SSE's own queue and async servlet output,
 * gRPC's buffered call). A subscriber that may block gets a thread of its own instead
 * ({@link EventService#subscribe}, the embedding API).
 */
final class DeliveryLanes implements AutoCloseable {
    private final Lane[] lanes;
    private final AtomicInteger next = new AtomicInteger();

    DeliveryLanes(int count, String name) {
        lanes = new Lane[Math.max(1, count)];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(name + "-" + (i + 1));
        }
    }

    /** One lane per available core. */
    static DeliveryLanes perCore(String name) {
        return new DeliveryLanes(Runtime.getRuntime().availableProcessors(), name);
    }

    /** The lane for a new subscription: taken in turn, so subscriptions spread evenly. */
    Executor next() {
        return lanes[Math.floorMod(next.getAndIncrement(), lanes.length)];
    }

    /** Stops the lanes; deliveries still queued are dropped (their streams are ending anyway). */
    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.stop();
        }
    }

    /** One thread running the tasks given to it in order; it parks when it has none. */
    private static final class Lane implements Executor, Runnable {
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean sleeping;
        private volatile boolean stopped;

        Lane(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void execute(Runnable task) {
            if (stopped) {
                throw new RejectedExecutionException("the gateway's delivery lanes are stopped");
            }
            tasks.offer(task);
            // the lane announces that it sleeps before it looks at the queue a last time, so either it
            // sees this task or we see it sleeping
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (!stopped) {
                Runnable task = tasks.poll();
                if (task != null) {
                    runQuietly(task);
                    continue;
                }
                sleeping = true;
                if (tasks.isEmpty() && !stopped) {
                    LockSupport.park(this);
                }
                sleeping = false;
            }
            tasks.clear();
        }

        private static void runQuietly(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // one subscriber's failure must not end the lane of the others
                System.getLogger(DeliveryLanes.class.getName()).log(System.Logger.Level.WARNING,
                        "event delivery failed: " + e);
            }
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }
    }
}
