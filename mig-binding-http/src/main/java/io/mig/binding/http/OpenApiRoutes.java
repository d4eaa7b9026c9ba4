package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.core.error.MigException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code GET /openapi/<file>}: the OpenAPI documents of the repository's {@code openapi/}
 * folder, copied onto the class path at build time (one source of truth).
 */
final class OpenApiRoutes {
    static final List<String> DOCUMENTS = List.of("mig.v0.1.yaml", "mig.admin.v0.1.yaml", "mig.pro.v0.1.yaml",
            "mig.cloud.v0.1.yaml", "mig.mcp.v0.1.yaml");
    private static final String RESOURCE_DIR = "/io/mig/openapi/";

    void register(JavalinConfig config) {
        config.routes.get("/openapi/{file}", this::document);
    }

    private void document(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        if (!DOCUMENTS.contains(file)) {
            throw MigException.notFound("no OpenAPI document '" + file + "'; available: " + String.join(", ", DOCUMENTS))
                    .withDetail("available", String.join(",", DOCUMENTS));
        }
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw MigException.internal("the OpenAPI document " + file + " is missing from this build");
            }
            ctx.status(200).contentType("application/yaml").result(in.readAllBytes());
        }
    }
}
