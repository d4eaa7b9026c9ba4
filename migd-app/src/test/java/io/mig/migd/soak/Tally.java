package io.mig.migd.soak;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of every request the soak made, by kind and outcome. Errors are classified when they
 * arrive: a MIG_UNAVAILABLE (or MIG_INTERNAL, a provider dying mid-answer) while the provider is
 * down, a MIG_UNAVAILABLE after the SIGTERM, and no answer at all to a request sent after the
 * SIGTERM (the listener closes), are expected; everything else is unexpected and fails the soak.
 */
final class Tally {
    private final Windows windows;
    private final Map<Kind, LongAdder> sent = new EnumMap<>(Kind.class);
    private final Map<Kind, LongAdder> ok = new EnumMap<>(Kind.class);
    private final Map<Kind, LongAdder> invokedErrors = new EnumMap<>(Kind.class);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder expected = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private final AtomicLong outstanding = new AtomicLong();

    Tally(Windows windows) {
        this.windows = windows;
        for (Kind kind : Kind.values()) {
            sent.put(kind, new LongAdder());
            ok.put(kind, new LongAdder());
            invokedErrors.put(kind, new LongAdder());
        }
    }

    /** Counts one request and its outcome when {@code answer} completes (exceptionally: no answer). */
    void track(Kind kind, long startNanos, CompletableFuture<Answer> answer) {
        sent.get(kind).increment();
        outstanding.incrementAndGet();
        answer.whenComplete((a, failure) -> {
            outstanding.decrementAndGet();
            record(kind, startNanos, System.nanoTime(), a, failure);
        });
    }

    private void record(Kind kind, long start, long end, Answer answer, Throwable failure) {
        if (failure == null && answer.ok()) {
            ok.get(kind).increment();
            return;
        }
        String code;
        boolean isExpected;
        if (failure != null) {
            // the drain answers every call the gateway had received: only one sent after the SIGTERM may go unanswered
            code = "no_answer(" + reason(failure) + ")";
            isExpected = windows.sentAfterTerminate(start);
        } else {
            code = answer.code() + (answer.invoked() ? "" : "(not invoked)");
            if (answer.invoked()) {
                invokedErrors.get(kind).increment();
            }
            boolean providerFault = answer.code().equals("MIG_UNAVAILABLE") || answer.code().equals("MIG_INTERNAL");
            isExpected = (providerFault && windows.duringOutage(start, end))
                    || (answer.code().equals("MIG_UNAVAILABLE") && windows.afterTerminate(end));
        }
        (isExpected ? expected : unexpected).increment();
        errors.computeIfAbsent(kind.label() + " " + code + (isExpected ? " expected" : " UNEXPECTED"),
                k -> new LongAdder()).increment();
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    /** A request the driver did not send because too many were still outstanding (open loop overload). */
    void shed() {
        shed.increment();
    }

    long outstanding() {
        return outstanding.get();
    }

    long sent(Kind kind) {
        return sent.get(kind).sum();
    }

    long ok(Kind kind) {
        return ok.get(kind).sum();
    }

    long totalSent() {
        return sent.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long totalAnswered() {
        long answered = 0;
        for (Kind kind : Kind.values()) {
            answered += ok(kind) + invokedErrors.get(kind).sum();
        }
        return answered;
    }

    /** Requests that must each have exactly one audit record: INVOKEs answered by the pipeline. */
    long auditable(String binding) {
        long n = 0;
        for (Kind kind : Kind.values()) {
            if (kind.audited && kind.binding.equals(binding)) {
                n += ok(kind) + invokedErrors.get(kind).sum();
            }
        }
        return n;
    }

    /** Answers that did not come from the INVOKE pipeline, by "kind code": excluded from the audit comparison. */
    Map<String, Long> notInvoked() {
        Map<String, Long> found = new TreeMap<>();
        errors().forEach((key, count) -> {
            if (key.contains("(not invoked)")) {
                found.put(key, count);
            }
        });
        return found;
    }

    long unexpected() {
        return unexpected.sum();
    }

    long expected() {
        return expected.sum();
    }

    long shedCount() {
        return shed.sum();
    }

    /** Error counts by "kind code classification", sorted. */
    Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }
}
