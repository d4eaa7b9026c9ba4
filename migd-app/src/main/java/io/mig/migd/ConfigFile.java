package io.mig.migd;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One reading of {@code MIGD_CONFIG_FILE} (YAML, or JSON which YAML includes): a mapping of
 * sections, each a list of entries. What a section's entries mean is its {@link ConfigSection}'s
 * business; this class parses, refuses unknown sections, and turns an error into the one line that
 * names the file, the place (line and column, or the path of the entry) and the reason. See
 * {@code docs/CONFIGURATION.md}.
 */
final class ConfigFile {
    static final String SETTING = "MIGD_CONFIG_FILE";

    private final Path path;
    private final JsonNode root;

    private ConfigFile(Path path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    /** The file's bytes, as read once; the reloader hashes exactly what it parses. */
    static byte[] bytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException(SETTING + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Parses the file's bytes; syntax errors name the line and column, a top-level key that is not
     * one of {@code sections} is refused.
     */
    static ConfigFile parse(Path path, byte[] bytes, Collection<String> sections) {
        ObjectMapper mapper = path.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? MigJson.mapper() : new YAMLMapper();
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException(SETTING + ": " + path + ": " + where + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(SETTING + ": cannot read " + path + " (" + e.getMessage() + ")");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigFile(path, MigJson.object());
        }
        String expected = String.join(", ", sections);
        if (!root.isObject()) {
            throw new ConfigException(SETTING + ": " + path + ": the document must be a mapping with " + expected);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!sections.contains(name)) {
                throw new ConfigException(SETTING + ": " + path + ": " + name + ": unknown section; expected " + expected);
            }
        }
        return new ConfigFile(path, root);
    }

    Path path() {
        return path;
    }

    /** The entries of a section, in file order; an absent section has none. */
    List<Entry> entries(String section) {
        JsonNode list = root.get(section);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw fail(section, "must be a list");
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String place = section + "[" + i + "]";
            if (!list.get(i).isObject()) {
                throw fail(place, "must be a mapping");
            }
            out.add(new Entry(place, list.get(i)));
        }
        return out;
    }

    ConfigException fail(String place, String reason) {
        return new ConfigException(SETTING + ": " + path + ": " + place + ": " + reason);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid syntax";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** One entry of a section, with its place in the file for error lines. */
    final class Entry {
        private final String place;
        private final JsonNode node;

        Entry(String place, JsonNode node) {
            this.place = place;
            this.node = node;
        }

        String place() {
            return place;
        }

        JsonNode node() {
            return node;
        }

        /** Runs a service on the entry; a refusal becomes the error line, its field appended to the place. */
        <T> T apply(Function<JsonNode, T> action) {
            try {
                return action.apply(node);
            } catch (MigException e) {
                String field = e.details().path("field").asText("");
                throw fail(field.isEmpty() ? place : place + "." + field, e.getMessage());
            }
        }
    }
}
