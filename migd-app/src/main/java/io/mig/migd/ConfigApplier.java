package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.admin.audit.Operator;
import io.mig.core.error.MigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code MIGD_CONFIG_FILE} applied and therefore owns, and how a new reading of it becomes
 * adds, replaces and removes: every entry of every section is checked and keyed first, then only the
 * differences against the last applied entries are made, through the sections' services. Entries the
 * file never declared are never touched. Not thread-safe: the reloader calls it under its lock.
 */
final class ConfigApplier {
    private final List<ConfigSection> sections;
    /** section → key → the entry as the file wrote it when it was applied. */
    private final Map<String, Map<String, JsonNode>> applied = new HashMap<>();

    ConfigApplier(List<ConfigSection> sections) {
        this.sections = List.copyOf(sections);
        sections.forEach(section -> applied.put(section.name(), new LinkedHashMap<>()));
    }

    /** The sections a file may have, in the order of application. */
    List<String> sectionNames() {
        return sections.stream().map(ConfigSection::name).toList();
    }

    /**
     * Checks the whole file, then makes the gateway match it. Adds and replaces run section by section
     * in order, then removals in the reverse order, so a capability never points at a schema that is
     * not there yet or already gone. Unchanged entries are not touched (no call, no audit record).
     *
     * @throws ConfigException naming the file, the place and the reason; nothing changed unless it says
     *         that a change was refused after the checks had passed
     */
    Changes apply(ConfigFile file) {
        Map<String, Map<String, JsonNode>> declared = declared(file);
        Changes changes = new Changes();
        for (ConfigSection section : sections) {
            Map<String, JsonNode> owned = applied.get(section.name());
            declared.get(section.name()).forEach((key, entry) -> {
                JsonNode before = owned.get(key);
                if (!entry.equals(before)) {
                    applying(file, section, key, () -> section.upsert(entry, Operator.CONFIG_FILE));
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
                    applying(file, section, key, () -> section.remove(key, Operator.CONFIG_FILE));
                    owned.remove(key);
                    changes.count(section.name(), "removed");
                }
            }
        }
        return changes;
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

    /** A change that the checks passed can still be refused (e.g. an admin call got there first): name the entry. */
    private static void applying(ConfigFile file, ConfigSection section, String key, Runnable change) {
        try {
            change.run();
        } catch (MigException e) {
            throw file.fail(section.name() + " '" + key + "'", e.getMessage() + " (the entries before it were applied)");
        }
    }

    /** What a reload changed, for its log line: {@code capabilities: 1 added, 1 removed; quotas: 1 replaced}. */
    final class Changes {
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
