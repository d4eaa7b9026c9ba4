package io.mig.migd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Answers {@code {"later":true}} a fixed delay after each call, from a thread of its own with the
 * given name; declares non-blocking (it never waits).
 */
final class AnswersLater implements CapabilityProvider {
    private final ScheduledExecutorService completer;
    private final long delayMillis;

    AnswersLater(String threadName, long delayMillis) {
        this.delayMillis = delayMillis;
        this.completer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        completer.schedule(() -> answer.complete(MigJson.object().put("later", true)), delayMillis, TimeUnit.MILLISECONDS);
        return answer;
    }

    @Override
    public boolean answersWithoutBlocking() {
        return true;
    }
}
