package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.admin.audit.Operator;

/**
 * One top-level section of {@code MIGD_CONFIG_FILE}: a list of entries, each keyed by an id, that
 * the {@link ConfigReloader} turns into adds, replaces and removes through the section's own service
 * (the same one the admin API calls, which audits every change).
 *
 * <p>This is the extension point for a new section (e.g. {@code mcp_servers}): add it to
 * {@link ConfigSections#of} at its place in the order — for a section over one service, a
 * {@code ServiceSection} of its name, a check that returns the entry's id, the service's upsert, an
 * exists test and its delete; otherwise an implementation of these four methods. Nothing else
 * changes: the file accepts exactly the listed sections, and the reloader validates, diffs, orders,
 * audits and logs every section alike.
 */
interface ConfigSection {
    /** The top-level key in the file, e.g. {@code capabilities}. */
    String name();

    /**
     * Checks an entry completely, as {@link #upsert} would, without changing anything.
     *
     * @return the entry's key (its id) within the section
     * @throws io.mig.core.error.MigException {@code MIG_INVALID_REQUEST} naming the field when the entry is refused
     */
    String check(JsonNode entry);

    /** Adds the entry or replaces the one with the same key. */
    void upsert(JsonNode entry, Operator operator);

    /** Removes the entry with this key; nothing happens (and nothing is audited) when it is already gone. */
    void remove(String key, Operator operator);
}
