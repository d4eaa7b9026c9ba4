package io.mig.core.gateway;

import io.mig.core.model.Binding;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running state of one gateway: the work in flight, the bindings serving now, and the gateway's
 * threads (the deadline wheel, other timers, event delivery), which {@link #close} stops.
 */
final class GatewayRuntime implements AutoCloseable {
    private final InFlight inFlight;
    private final Set<Binding> enabledBindings = java.util.concurrent.ConcurrentHashMap.newKeySet(); // bindings name themselves: no enum set
    private final ScheduledExecutorService scheduler;
    private final DeadlineWheel deadlines = new DeadlineWheel("mig-deadlines");
    private final ExecutorService delivery;
    private final DeliveryLanes lanes = DeliveryLanes.perCore("mig-delivery-lane");

    GatewayRuntime(int maxInflight) {
        this.inFlight = new InFlight(maxInflight);
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("mig-timers"));
        // most timers (a stream's lease expiry) are cancelled long before they fire: drop them from
        // the queue at once, or a busy gateway keeps dead timers around
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
        this.delivery = Executors.newCachedThreadPool(daemon("mig-delivery"));
    }

    InFlight inFlight() {
        return inFlight;
    }

    /** Expiry and other timers. */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The deadlines of the invocations in flight. */
    DeadlineWheel deadlines() {
        return deadlines;
    }

    /** Where events are delivered to subscribers, off the publisher's thread. */
    ExecutorService delivery() {
        return delivery;
    }

    /** Where binding subscriptions, whose subscribers never block, are delivered: a few shared lanes. */
    DeliveryLanes lanes() {
        return lanes;
    }

    void bindingStarted(Binding binding) {
        enabledBindings.add(binding);
    }

    void bindingStopped(Binding binding) {
        enabledBindings.remove(binding);
    }

    Set<Binding> enabledBindings() {
        return Set.copyOf(enabledBindings);
    }

    /** Stops the timers at once and lets deliveries under way finish, briefly. */
    @Override
    public void close() {
        deadlines.close();
        scheduler.shutdownNow();
        lanes.close();
        delivery.shutdown();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delivery.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
