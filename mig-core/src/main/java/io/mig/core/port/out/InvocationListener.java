package io.mig.core.port.out;

/** Told of every invocation outcome, success or failure, on every binding. Must be fast and not throw. */
@FunctionalInterface
public interface InvocationListener {
    void onOutcome(InvocationOutcome outcome);
}
