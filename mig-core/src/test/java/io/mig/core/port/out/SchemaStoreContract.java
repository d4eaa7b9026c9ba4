package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SchemaStore} does: the watched-store cases of {@link KeyedStoreContract} over
 * schema documents, kept keyword for keyword as registered.
 */
public abstract class SchemaStoreContract extends KeyedStoreContract<SchemaStore, SchemaDocument> {
    static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

    @Override
    protected SchemaDocument entry(String uri, int version) {
        ObjectNode schema = MigJson.object().put("type", "object");
        schema.putArray("required").add("input");
        schema.putObject("properties").putObject("input").put("type", "string").put("minLength", version);
        return new SchemaDocument(uri, schema, DRAFT_07, "2026-01-01T00:00:0" + (version % 10) + "Z");
    }

    @Override
    protected String keyOf(SchemaDocument entry) {
        return entry.uri();
    }

    @Override
    protected void put(SchemaStore store, SchemaDocument entry) {
        store.put(entry);
    }

    @Override
    protected Optional<SchemaDocument> find(SchemaStore store, String key) {
        return store.find(key);
    }

    @Override
    protected List<SchemaDocument> list(SchemaStore store) {
        return store.list();
    }

    @Override
    protected boolean remove(SchemaStore store, String key) {
        return store.remove(key);
    }

    @Test
    void putSaysWhetherTheUriWasNew() {
        SchemaStore store = newStore();
        assertThat(store.put(entry("urn:schema:a", 1))).isTrue();
        assertThat(store.put(entry("urn:schema:a", 2))).isFalse();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void urisWithAnyCharactersAreKeptApart() {
        SchemaStore store = newStore();
        List<String> uris = List.of("https://schemas.example.com/a/b.json#", "https://schemas.example.com/a.b.json",
                "urn:x:a b", "urn:x:a.b", "urn:x:a_b", "urn:x:ä/*>");
        for (int i = 0; i < uris.size(); i++) {
            store.put(entry(uris.get(i), i + 1));
        }
        for (int i = 0; i < uris.size(); i++) {
            assertThat(store.find(uris.get(i))).contains(entry(uris.get(i), i + 1));
        }
        assertThat(store.list()).extracting(SchemaDocument::uri).containsExactlyElementsOf(uris.stream().sorted().toList());
    }

    @Test
    void aDocumentWithoutDefaultDialectOrDateKeepsTheirAbsence() {
        SchemaStore store = newStore();
        SchemaDocument bare = new SchemaDocument("urn:bare", MigJson.object().put("$schema", DRAFT_07), null, null);
        store.put(bare);
        assertThat(store.find("urn:bare")).contains(bare);
    }
}
