package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.admin.ControlPlane;
import io.mig.admin.audit.Operator;
import io.mig.core.error.MigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final List<ConfigSection> sections;
    private final List<String> names;
    private final boolean watch;
    /** What the file applied and still owns: section → key → the entry as written. */
    private final Map<String, Map<String, JsonNode>> applied = new HashMap<>();
    private byte[] seen = new byte[0];
    private ScheduledExecutorService executor;
    private ConfigWatcher watcher;
    private HangupSignal hangup;

    private ConfigReloader(Path path, ControlPlane controlPlane, boolean watch) {
        this.path = path;
        this.controlPlane = controlPlane;
        this.sections = ConfigSections.of(controlPlane);
        this.names = sections.stream().map(ConfigSection::name).toList();
        this.watch = watch;
        sections.forEach(section -> applied.put(section.name(), new LinkedHashMap<>()));
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
        apply(declared(ConfigFile.parse(path, bytes, names)));
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
            Changes changes = controlPlane.audit().record(OPERATION, Operator.CONFIG_FILE, null, () -> applyReloaded(reading));
            LOG.log(System.Logger.Level.INFO, ConfigFile.SETTING + ": " + path + " reloaded (" + trigger + "): " + changes);
        } catch (MigException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "; the last good configuration stays in force");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, ConfigFile.SETTING + ": " + path + ": reload failed (" + e
                    + "); the last good configuration stays in force");
        }
    }

    /** @throws MigException {@code MIG_INVALID_REQUEST} with the error line, for the audit record's code */
    private Changes applyReloaded(Reading reading) {
        try {
            if (reading.bytes().length == 0) {
                // an editor that truncates before writing shows this for a moment; {} declares nothing on purpose
                throw new ConfigException(ConfigFile.SETTING + ": " + path + ": the file is empty (write {} to declare nothing)");
            }
            return apply(declared(ConfigFile.parse(path, reading.bytes(), names)));
        } catch (ConfigException e) {
            throw MigException.invalid(e.getMessage());
        }
    }

    /** Checks every entry of every section and keys it; the first bad entry, or a key declared twice, refuses the file. */
    private Map<String, Map<String, JsonNode>> declared(ConfigFile file) {
        Map<String, Map<String, JsonNode>> declared = new HashMap<>();
        for (ConfigSection section : sections) {
            Map<String, JsonNode> entries = new LinkedHashMap<>();
            Map<String, String> places = new HashMap<>();
            for (ConfigFile.Entry entry : file.entries(section.name())) {
                String key = entry.apply(section::check);
                String first = places.putIfAbsent(key, entry.place());
                if (first != null) {
                    throw file.fail(entry.place(), "'" + key + "' is declared twice (first at " + first + ")");
                }
                entries.put(key, entry.node());
            }
            declared.put(section.name(), entries);
        }
        return declared;
    }

    /**
     * Makes the gateway match a checked file. Adds and replaces run section by section in order, then
     * removals in the reverse order, so a capability never points at a schema that is not there yet
     * or already gone. Unchanged entries are not touched (no call, no audit record).
     */
    private Changes apply(Map<String, Map<String, JsonNode>> declared) {
        Changes changes = new Changes();
        for (ConfigSection section : sections) {
            Map<String, JsonNode> owned = applied.get(section.name());
            declared.get(section.name()).forEach((key, entry) -> {
                JsonNode before = owned.get(key);
                if (!entry.equals(before)) {
                    applying(section, key, () -> section.upsert(entry, Operator.CONFIG_FILE));
                    owned.put(key, entry);
                    changes.count(section.name(), before == null ? "added" : "replaced");
                }
            });
        }
        List<ConfigSection> reversed = new ArrayList<>(sections);
        Collections.reverse(reversed);
        for (ConfigSection section : reversed) {
            Map<String, JsonNode> owned = applied.get(section.name());
            for (String key : List.copyOf(owned.keySet())) {
                if (!declared.get(section.name()).containsKey(key)) {
                    applying(section, key, () -> section.remove(key, Operator.CONFIG_FILE));
                    owned.remove(key);
                    changes.count(section.name(), "removed");
                }
            }
        }
        return changes;
    }

    /** A change that the checks passed can still be refused (e.g. an admin call got there first): name the entry. */
    private void applying(ConfigSection section, String key, Runnable change) {
        try {
            change.run();
        } catch (MigException e) {
            throw new ConfigException(ConfigFile.SETTING + ": " + path + ": " + section.name() + " '" + key + "': "
                    + e.getMessage() + " (the entries before it were applied)");
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

    /** What a reload changed, for its log line: {@code capabilities: 1 added, 1 removed; quotas: 1 replaced}. */
    private final class Changes {
        private static final List<String> KINDS = List.of("added", "replaced", "removed");
        private final Map<String, int[]> counts = new LinkedHashMap<>();

        Changes() {
            sections.forEach(section -> counts.put(section.name(), new int[KINDS.size()]));
        }

        void count(String section, String kind) {
            counts.get(section)[KINDS.indexOf(kind)]++;
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            counts.forEach((section, byKind) -> {
                List<String> kinds = new ArrayList<>();
                for (int i = 0; i < byKind.length; i++) {
                    if (byKind[i] > 0) {
                        kinds.add(byKind[i] + " " + KINDS.get(i));
                    }
                }
                if (!kinds.isEmpty()) {
                    parts.add(section + ": " + String.join(", ", kinds));
                }
            });
            return parts.isEmpty() ? "nothing changed" : String.join("; ", parts);
        }
    }
}
