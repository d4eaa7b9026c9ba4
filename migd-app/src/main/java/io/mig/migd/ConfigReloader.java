package io.mig.migd;

import io.mig.admin.ControlPlane;
import io.mig.admin.audit.Operator;
import io.mig.core.error.MigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Applies {@code MIGD_CONFIG_FILE} at start and again whenever it changes (file watch, or
 * {@code SIGHUP}), without a restart. A reload reads and checks the whole file first; only a file
 * that is valid throughout is applied, as the difference against what the file last applied: new
 * entries are added, changed ones replaced, ones the file no longer declares removed. Entries the
 * file never declared (made through the admin API) are not touched. An invalid file keeps the last
 * good configuration and logs one line naming the file and the place. Every reload writes one audit
 * record, {@code config.reload}, after the records of the changes it made.
 */
final class ConfigReloader implements AutoCloseable {
    static final String SETTING = "MIGD_CONFIG_RELOAD";
    static final String OPERATION = "config.reload";
    private static final System.Logger LOG = System.getLogger("migd");

    private final Path path;
    private final ControlPlane controlPlane;
    private final ConfigApplier applier;
    private final boolean watch;
    /** SHA-256 of the content last read (applied or refused): a second notice of the same content does nothing. */
    private byte[] seen = new byte[0];
    private ScheduledExecutorService executor;
    private ConfigWatcher watcher;
    private HangupSignal hangup;

    private ConfigReloader(Path path, ControlPlane controlPlane, boolean watch) {
        this.path = path;
        this.controlPlane = controlPlane;
        this.applier = new ConfigApplier(ConfigSections.of(controlPlane));
        this.watch = watch;
    }

    /**
     * Applies the file for the start; nothing is watched until {@link #start}.
     *
     * @param watch whether file changes are picked up ({@code MIGD_CONFIG_RELOAD}); SIGHUP always is
     * @throws ConfigException naming the file, the place and the reason
     */
    static ConfigReloader load(String file, ControlPlane controlPlane, boolean watch) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new ConfigException(ConfigFile.SETTING + ": " + e.getMessage());
        }
        ConfigReloader reloader = new ConfigReloader(path, controlPlane, watch);
        reloader.applyAtStart();
        return reloader;
    }

    private synchronized void applyAtStart() {
        byte[] bytes = ConfigFile.bytes(path);
        applier.apply(ConfigFile.parse(path, bytes, applier.sectionNames()));
        seen = digest(bytes);
    }

    /** Starts the file watch (unless turned off) and the SIGHUP handler; reloads run on one thread of their own. */
    synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "migd-config-reload");
            thread.setDaemon(true);
            return thread;
        });
        if (watch) {
            watcher = ConfigWatcher.start(path, executor, () -> reload("file change", false));
        }
        hangup = HangupSignal.install(() -> {
            try {
                executor.execute(() -> reload("SIGHUP", true));
            } catch (RejectedExecutionException closing) {
                // migd is stopping: nothing to reload
            }
        }).orElse(null);
    }

    @Override
    public synchronized void close() {
        if (hangup != null) {
            hangup.close();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /**
     * Reads the file and, when its content differs from the last one seen (or {@code always}, for an
     * explicit request), applies it or logs why not. Never throws: the last good configuration stays.
     */
    synchronized void reload(String trigger, boolean always) {
        Reading reading = Reading.of(path);
        byte[] digest = reading.digest();
        if (!always && Arrays.equals(digest, seen)) {
            return;
        }
        seen = digest;
        try {
            ConfigApplier.Changes changes = controlPlane.audit().record(OPERATION, Operator.CONFIG_FILE, null, () -> applyReloaded(reading));
            LOG.log(System.Logger.Level.INFO, ConfigFile.SETTING + ": " + path + " reloaded (" + trigger + "): " + changes);
        } catch (MigException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "; the last good configuration stays in force");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, ConfigFile.SETTING + ": " + path + ": reload failed (" + e
                    + "); the last good configuration stays in force");
        }
    }

    /** @throws MigException {@code MIG_INVALID_REQUEST} with the error line, for the audit record's code */
    private ConfigApplier.Changes applyReloaded(Reading reading) {
        try {
            if (reading.bytes().length == 0) {
                // an editor that truncates before writing shows this for a moment; {} declares nothing on purpose
                throw new ConfigException(ConfigFile.SETTING + ": " + path + ": the file is empty (write {} to declare nothing)");
            }
            return applier.apply(ConfigFile.parse(path, reading.bytes(), applier.sectionNames()));
        } catch (ConfigException e) {
            throw MigException.invalid(e.getMessage());
        }
    }

    /** The file's bytes as read once (so the hash is of what is parsed), or why it could not be read. */
    private record Reading(byte[] bytes, ConfigException unreadable) {
        static Reading of(Path path) {
            try {
                return new Reading(ConfigFile.bytes(path), null);
            } catch (ConfigException e) {
                return new Reading(null, e);
            }
        }

        /** An unreadable file has an empty digest: the next unreadable moment is not reported again. */
        byte[] digest() {
            return bytes == null ? new byte[0] : ConfigReloader.digest(bytes);
        }

        @Override
        public byte[] bytes() {
            if (bytes == null) {
                throw unreadable;
            }
            return bytes;
        }
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
