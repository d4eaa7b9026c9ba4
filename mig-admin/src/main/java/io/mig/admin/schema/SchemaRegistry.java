package io.mig.admin.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.error.MigException;
import io.mig.core.model.Violation;
import io.mig.core.port.out.SchemaValidator;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.everit.json.schema.Schema;

/**
 * The registered JSON Schemas by URI (SPEC §4.5), compiled once at registration and used for every
 * validation. A URI with no schema means "not validated". This is the core's {@link SchemaValidator}.
 */
public final class SchemaRegistry implements SchemaValidator {
    static final int MAX_URI_LENGTH = 2048;

    private final SchemaCompiler draft07 = new SchemaCompiler();
    private final ModernSchemaCompiler modern = new ModernSchemaCompiler();
    private final ConcurrentSkipListMap<String, Entry> byUri = new ConcurrentSkipListMap<>();
    private final Clock clock;

    public SchemaRegistry(Clock clock) {
        this.clock = clock;
    }

    /**
     * Checks, compiles and stores a schema, replacing any under the same URI; a document without
     * {@code $schema} is read as draft-07 (MIG registrations).
     *
     * @return true when the URI was new
     * @throws MigException {@code MIG_INVALID_REQUEST} for a bad URI or a document that is not a valid schema
     */
    public boolean register(String uri, JsonNode document) {
        return register(uri, document, SchemaDialect.DRAFT_07);
    }

    /**
     * As {@link #register(String, JsonNode)}, reading a document without {@code $schema} in
     * {@code defaultDialect} (2020-12 for tools imported from MCP servers). The document is kept
     * keyword for keyword, as given.
     */
    public boolean register(String uri, JsonNode document, SchemaDialect defaultDialect) {
        checkUri(uri);
        CompiledSchema compiled = compile(document, defaultDialect);
        return byUri.put(uri, new Entry(new StoredSchema(uri, document.deepCopy(), clock.instant().toString()), compiled)) == null;
    }

    private CompiledSchema compile(JsonNode document, SchemaDialect defaultDialect) {
        if (document == null || !(document.isObject() || document.isBoolean())) {
            throw MigException.invalid("schema must be a JSON Schema document (an object or a boolean)")
                    .withDetail("field", "schema");
        }
        SchemaDialect dialect = defaultDialect;
        JsonNode declared = document.isObject() ? document.get("$schema") : null;
        if (declared != null && !declared.isNull()) {
            dialect = SchemaDialect.named(declared.asText()).orElseThrow(() -> MigException.invalid("schema declares $schema '"
                    + declared.asText() + "'; this gateway validates draft-07, 2019-09 and 2020-12 schemas")
                    .withDetail("field", "schema.$schema"));
        }
        if (dialect == SchemaDialect.DRAFT_07) {
            Schema schema = draft07.compile(document);
            return payload -> SchemaCompiler.violations(schema, SchemaCompiler.toOrgJson(payload));
        }
        return modern.compile(document, dialect);
    }

    public Optional<StoredSchema> find(String uri) {
        return Optional.ofNullable(uri == null ? null : byUri.get(uri)).map(Entry::stored);
    }

    /** Every schema, ordered by URI. */
    public List<StoredSchema> list() {
        return byUri.values().stream().map(Entry::stored).toList();
    }

    public boolean remove(String uri) {
        return uri != null && byUri.remove(uri) != null;
    }

    @Override
    public List<Violation> validate(String schemaUri, JsonNode payload) {
        Entry entry = schemaUri == null ? null : byUri.get(schemaUri);
        if (entry == null) {
            return List.of();
        }
        return entry.compiled().validate(payload);
    }

    static void checkUri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw MigException.invalid("uri is required").withDetail("field", "uri");
        }
        if (uri.length() > MAX_URI_LENGTH || uri.chars().anyMatch(c -> c <= ' ')) {
            throw MigException.invalid("uri must be at most " + MAX_URI_LENGTH + " characters without whitespace")
                    .withDetail("field", "uri");
        }
        try {
            if (new URI(uri).getScheme() == null) {
                throw MigException.invalid("uri '" + uri + "' has no scheme (e.g. schema://acme/summarize/input/v1)")
                        .withDetail("field", "uri");
            }
        } catch (URISyntaxException e) {
            throw MigException.invalid("uri is not a valid URI: " + e.getReason()).withDetail("field", "uri");
        }
    }

    /** A registered schema as the admin API shows it. */
    public record StoredSchema(@JsonProperty("uri") String uri, @JsonProperty("schema") JsonNode schema,
                               @JsonProperty("registered_at") String registeredAt) {
    }

    private record Entry(StoredSchema stored, CompiledSchema compiled) {
    }
}
