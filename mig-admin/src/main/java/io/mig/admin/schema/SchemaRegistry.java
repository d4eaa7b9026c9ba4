package io.mig.admin.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.error.MigException;
import io.mig.core.model.Violation;
import io.mig.core.port.out.SchemaDocument;
import io.mig.core.port.out.SchemaStore;
import io.mig.core.port.out.SchemaValidator;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.everit.json.schema.Schema;

/**
 * The registered JSON Schemas by URI (SPEC §4.5), kept in a {@link SchemaStore} and compiled once
 * per document for every validation. A URI with no schema means "not validated". This is the core's
 * {@link SchemaValidator}.
 *
 * <p>Compiled schemas are cached by URI. The store's watch drops a cached schema when the store's
 * document changes — re-registered or removed here or by another instance sharing the store — so a
 * change made anywhere is in force here as soon as the store shows it (SPEC §10).
 */
public final class SchemaRegistry implements SchemaValidator, AutoCloseable {
    static final int MAX_URI_LENGTH = 2048;

    private final SchemaCompiler draft07 = new SchemaCompiler();
    private final ModernSchemaCompiler modern = new ModernSchemaCompiler();
    private final ConcurrentHashMap<String, Compiled> compiled = new ConcurrentHashMap<>();
    private final SchemaStore store;
    private final Clock clock;
    private final AutoCloseable watch;

    /** A registry over its own in-memory store. */
    public SchemaRegistry(Clock clock) {
        this(clock, SchemaStore.inMemory());
    }

    /** A registry over {@code store}, which other instances may share. */
    public SchemaRegistry(Clock clock, SchemaStore store) {
        this.clock = clock;
        this.store = store;
        this.watch = store.watch(this::dropIfStale);
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
        CompiledSchema schema = compile(document, defaultDialect);
        SchemaDocument stored = new SchemaDocument(uri, document.deepCopy(), defaultDialect.id(), clock.instant().toString());
        boolean added = store.put(stored);
        remember(stored, schema);
        return added;
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
        CompiledSchema full;
        if (dialect == SchemaDialect.DRAFT_07) {
            Schema schema = draft07.compile(document);
            full = payload -> SchemaCompiler.violations(schema, SchemaCompiler.toOrgJson(payload));
        } else {
            full = modern.compile(document, dialect);
        }
        // the common shapes are accepted on the tree; everything else, and every violation, is the dialect's
        FastAccept quick = FastAccept.of(document);
        return quick == null ? full : payload -> quick.accepts(payload) ? List.of() : full.validate(payload);
    }

    public Optional<StoredSchema> find(String uri) {
        return store.find(uri).map(SchemaRegistry::view);
    }

    /** Every schema, ordered by URI. */
    public List<StoredSchema> list() {
        return store.list().stream().map(SchemaRegistry::view).toList();
    }

    public boolean remove(String uri) {
        boolean removed = uri != null && store.remove(uri);
        if (uri != null) {
            compiled.remove(uri);
        }
        return removed;
    }

    @Override
    public List<Violation> validate(String schemaUri, JsonNode payload) {
        if (schemaUri == null) {
            return List.of();
        }
        Compiled cached = compiled.get(schemaUri);
        if (cached == null) {
            cached = load(schemaUri);
            if (cached == null) {
                return List.of();
            }
        }
        return cached.schema().validate(payload);
    }

    /** Stops following the store's changes. */
    @Override
    public void close() {
        try {
            watch.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the schema store's watch failed", e);
        }
    }

    /** Compiles the store's document (registered by another instance, or dropped from the cache). */
    private Compiled load(String uri) {
        SchemaDocument document = store.find(uri).orElse(null);
        if (document == null) {
            return null;
        }
        SchemaDialect dialect = document.defaultDialect() == null ? SchemaDialect.DRAFT_07
                : SchemaDialect.named(document.defaultDialect()).orElse(SchemaDialect.DRAFT_07);
        CompiledSchema schema;
        try {
            schema = compile(document.schema(), dialect);
        } catch (MigException e) {
            // the store holds only documents that compiled where they were registered; one that does
            // not compile here (a newer gateway's dialect?) must not break every call naming it
            throw MigException.internal("the schema registered under '" + uri + "' cannot be compiled here: "
                    + e.getMessage()).withDetail("schema_uri", uri);
        }
        return remember(document, schema);
    }

    /**
     * Caches a compiled document, then checks the store still holds that document: if a change landed
     * meanwhile, its watch may have fired before the entry existed, so the entry is dropped here.
     */
    private Compiled remember(SchemaDocument document, CompiledSchema schema) {
        Compiled entry = new Compiled(document, schema);
        compiled.put(document.uri(), entry);
        if (!store.find(document.uri()).map(document::equals).orElse(false)) {
            compiled.remove(document.uri(), entry);
        }
        return entry;
    }

    /** Told of a changed URI: keeps the compiled schema only when it was compiled from the store's document. */
    private void dropIfStale(String uri) {
        compiled.computeIfPresent(uri, (u, cached) ->
                store.find(u).map(cached.document()::equals).orElse(false) ? cached : null);
    }

    private static StoredSchema view(SchemaDocument document) {
        return new StoredSchema(document.uri(), document.schema(), document.registeredAt());
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

    private record Compiled(SchemaDocument document, CompiledSchema schema) {
    }
}
