package io.mig.migd;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices that the configuration file may have changed and asks for a check, which compares the
 * content hash. Two sources, because neither is enough alone:
 * <ul>
 *   <li>a {@link WatchService} on the file's directory, not on the file: editors save by writing a
 *   new file and renaming it over the old one, and a Kubernetes ConfigMap swaps the {@code ..data}
 *   symlink beside it. Events for the file's name or a {@code ..}-name count; a burst of them (one
 *   save is several events) leads to one check once the directory has been quiet for {@link #QUIET_MS};</li>
 *   <li>every {@link #POLL_MS} the file's modification time, size and identity (following symlinks):
 *   some file systems have no change notification (the JDK then polls only every few seconds, or
 *   never, as for a symlink target in another directory), and a watched directory can go away.</li>
 * </ul>
 * The checks run on the reloader's single thread, so they never overlap with each other or a SIGHUP reload.
 */
final class ConfigWatcher implements AutoCloseable {
    static final long QUIET_MS = 200;
    static final long POLL_MS = 2_000;
    private static final System.Logger LOG = System.getLogger("migd");

    private final Path file;
    private final ScheduledExecutorService executor;
    private final Runnable check;
    private WatchService watchService;
    private ScheduledFuture<?> pending;
    private volatile Stat last;

    private ConfigWatcher(Path file, ScheduledExecutorService executor, Runnable check) {
        this.file = file.toAbsolutePath();
        this.executor = executor;
        this.check = check;
    }

    /** Starts polling and, where the file system can, watching the directory; {@code check} runs on {@code executor}. */
    static ConfigWatcher start(Path file, ScheduledExecutorService executor, Runnable check) {
        ConfigWatcher watcher = new ConfigWatcher(file, executor, check);
        watcher.last = stat(watcher.file);
        executor.scheduleWithFixedDelay(watcher::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        watcher.watchDirectory();
        return watcher;
    }

    private void watchDirectory() {
        Path dir = file.getParent();
        try {
            watchService = dir.getFileSystem().newWatchService();
            dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, ConfigFile.SETTING + ": cannot watch " + dir + " (" + e
                    + "); checking the file every " + POLL_MS + " ms instead");
            closeWatchService();
            return;
        }
        Thread thread = new Thread(this::takeEvents, "migd-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void takeEvents() {
        Path name = file.getFileName();
        while (true) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW
                        || event.context() instanceof Path changed && (changed.equals(name) || changed.toString().startsWith(".."));
            }
            if (relevant) {
                checkWhenQuiet();
            }
            if (!key.reset()) {
                LOG.log(System.Logger.Level.WARNING, ConfigFile.SETTING + ": " + file.getParent()
                        + " can no longer be watched; checking the file every " + POLL_MS + " ms");
                return;
            }
        }
    }

    /** Each event pushes the check back, so a burst of events leads to one check after it. */
    private synchronized void checkWhenQuiet() {
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            pending = executor.schedule(this::checkNow, QUIET_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the reloader is closing
        }
    }

    private void poll() {
        if (!Objects.equals(stat(file), last)) {
            checkNow();
        }
    }

    private void checkNow() {
        last = stat(file);
        check.run();
    }

    /** Modification time, size and identity (inode) of the file a symlink chain ends at; null when missing. */
    private static Stat stat(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stat(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closeWatchService();
    }

    private void closeWatchService() {
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException ignored) {
                // closing: nothing more to watch
            }
        }
    }

    private record Stat(FileTime modified, long size, Object fileKey) {
    }
}
