package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mig.binding.http.HttpBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI documents describe exactly the routes the server registers: a route the documents lack,
 * or a documented route that does not exist, fails this test. Each document is also served as is.
 */
class OpenApiDocumentsTest {
    static final Path OPENAPI = Path.of("..", "openapi");
    static final Map<String, String> DOCUMENTS = Map.of(
            "mig.v0.1.yaml", "/mig/",
            "mig.admin.v0.1.yaml", "",
            "mig.pro.v0.1.yaml", "/pro/",
            "mig.cloud.v0.1.yaml", "/cloud/",
            "mig.mcp.v0.1.yaml", "");
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "delete", "patch");

    @Test
    void documentsAndRoutesAgree() throws Exception {
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, String> doc : DOCUMENTS.entrySet()) {
            JsonNode root = new YAMLMapper().readTree(OPENAPI.resolve(doc.getKey()).toFile());
            assertThat(root.path("openapi").asText()).as(doc.getKey()).startsWith("3.1");
            for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                if (!doc.getValue().isEmpty()) {
                    assertThat(path.getKey()).as("%s holds only %s*", doc.getKey(), doc.getValue()).startsWith(doc.getValue());
                }
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next();
                    if (METHODS.contains(method)) {
                        documented.add(method.toUpperCase() + " " + path.getKey());
                    }
                }
            }
        }
        try (MigdServer server = MigdServer.start()) {
            Set<String> served = new TreeSet<>(server.migd().binding(HttpBinding.class).orElseThrow().routes());
            assertThat(documented).as("documented but not served").isSubsetOf(served);
            assertThat(served).as("served but not documented").isSubsetOf(documented);
        }
    }

    @Test
    void documentsAreServedFromTheSameSource() throws Exception {
        try (MigdServer server = MigdServer.start()) {
            for (String name : DOCUMENTS.keySet()) {
                MigdServer.Reply reply = server.get("/openapi/" + name);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.header("Content-Type")).startsWith("application/yaml");
                assertThat(reply.body()).isEqualTo(Files.readString(OPENAPI.resolve(name)));
            }
            MigdServer.Reply missing = server.get("/openapi/secrets.yaml");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.errorCode()).isEqualTo("MIG_NOT_FOUND");
        }
    }
}
