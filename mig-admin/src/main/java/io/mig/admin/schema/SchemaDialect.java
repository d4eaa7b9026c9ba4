package io.mig.admin.schema;

import java.util.Optional;
import java.util.Set;

/**
 * The JSON Schema dialects the registry validates in (SPEC §4.5, §12). A document is read in the
 * dialect its {@code $schema} names; without one, in the default of where it came from: draft-07
 * for MIG registrations, 2020-12 for tools imported from MCP servers.
 */
public enum SchemaDialect {
    DRAFT_07("http://json-schema.org/draft-07/schema#", Set.of("http://json-schema.org/draft-07/schema#",
            "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema#",
            "https://json-schema.org/draft-07/schema")),
    DRAFT_2019_09("https://json-schema.org/draft/2019-09/schema", Set.of("https://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2019-09/schema#", "http://json-schema.org/draft/2019-09/schema",
            "http://json-schema.org/draft/2019-09/schema#")),
    DRAFT_2020_12("https://json-schema.org/draft/2020-12/schema", Set.of("https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2020-12/schema#", "http://json-schema.org/draft/2020-12/schema",
            "http://json-schema.org/draft/2020-12/schema#"));

    private final String id;
    private final Set<String> spellings;

    SchemaDialect(String id, Set<String> spellings) {
        this.id = id;
        this.spellings = spellings;
    }

    /** The canonical {@code $schema} URI of the dialect. */
    public String id() {
        return id;
    }

    /** The dialect a {@code $schema} value names, if this registry speaks it. */
    public static Optional<SchemaDialect> named(String schemaUri) {
        for (SchemaDialect dialect : values()) {
            if (dialect.spellings.contains(schemaUri)) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }
}
