package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the directory watch cannot see, the periodic check of the file's attributes does. */
class ConfigWatcherTest {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Semaphore checks = new Semaphore(0);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void anEditOfASymlinkTargetInAnotherDirectoryIsFoundByThePeriodicCheck() throws Exception {
        Path target = Files.writeString(Files.createDirectory(dir.resolve("elsewhere")).resolve("real.yaml"), "quotas: []\n");
        Path file = Files.createSymbolicLink(Files.createDirectory(dir.resolve("etc")).resolve("migd.yaml"), target);
        ConfigWatcher watcher = ConfigWatcher.start(file, executor, checks::release);
        try {
            Files.writeString(target, "quotas: [{tenant_id: acme, max_invocations: 1}]\n");
            // the watched directory (etc) saw nothing; within a few periods the size and time of the target are compared
            assertThat(checks.tryAcquire(5 * ConfigWatcher.POLL_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(checks.tryAcquire(ConfigWatcher.POLL_MS + 500, TimeUnit.MILLISECONDS))
                    .as("an unchanged file is not checked again").isFalse();
        } finally {
            watcher.close();
        }
    }
}
