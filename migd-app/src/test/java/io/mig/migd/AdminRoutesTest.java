package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin registry over real HTTP: capabilities and schemas, success and failure paths. */
class AdminRoutesTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().build();

    @Test
    void capabilityUpsertIs201ThenReplaceIs200AndTheListShowsTheProvider() {
        String body = descriptor("acme.tools.echo", "1.0.0", ",\"provider\":{\"type\":\"test-echo\",\"reply\":{\"ok\":true}}");
        MigdServer.Reply created = server.post("/admin/v0.1/capabilities", body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("provider").path("type").asText()).isEqualTo("test-echo");
        assertThat(server.post("/admin/v0.1/capabilities", body.replace("1.0.0", "1.1.0")).status()).isEqualTo(200);

        JsonNode listed = server.get("/admin/v0.1/capabilities").json().path("capabilities");
        JsonNode echo = find(listed, "acme.tools.echo");
        assertThat(echo.path("version").asText()).isEqualTo("1.1.0");
        assertThat(echo.path("provider").path("reply").path("ok").asBoolean()).isTrue();
        assertThat(server.get("/admin/v0.1/capabilities/acme.tools.echo").json().path("provider").isObject()).isTrue();

        // DISCOVER never shows the provider; INVOKE goes through it
        JsonNode discovered = server.post("/mig/v0.1/discover", "{}", "X-Tenant-ID", "acme").json().path("capabilities");
        assertThat(find(discovered, "acme.tools.echo").has("provider")).isFalse();
        MigdServer.Reply invoked = server.post("/mig/v0.1/invoke/acme.tools.echo", "{\"payload\":{\"x\":1}}", "X-Tenant-ID", "acme");
        assertThat(invoked.json().path("payload").path("ok").asBoolean()).isTrue();
        assertThat(invoked.json().path("payload").path("x").asInt()).isEqualTo(1);
    }

    @Test
    void providerBlockMayAlsoSitInsideTheDescriptor() {
        String body = "{\"descriptor\":{\"id\":\"acme.tools.inner\",\"version\":\"1.0.0\",\"input_schema_uri\":\"schema://i\","
                + "\"output_schema_uri\":\"schema://o\",\"provider\":{\"type\":\"test-echo\"}}}";
        assertThat(server.post("/admin/v0.1/capabilities", body).status()).isEqualTo(201);
        assertThat(server.get("/admin/v0.1/capabilities/acme.tools.inner").json().path("provider").path("type").asText())
                .isEqualTo("test-echo");
    }

    @Test
    void invalidRegistrationsAre400WithTheField() {
        assertInvalid("{}", "descriptor");
        assertInvalid("{\"descriptor\":[]}", "descriptor");
        assertInvalid(descriptor("nodots", "1.0.0", ""), "descriptor.id");
        assertInvalid(descriptor("acme.tools.x", "one", ""), "descriptor.version");
        assertInvalid("{\"descriptor\":{\"id\":\"acme.tools.x\",\"version\":\"1.0.0\",\"output_schema_uri\":\"schema://o\"}}",
                "descriptor.input_schema_uri");
        assertInvalid("{\"descriptor\":{\"id\":\"acme.tools.x\",\"version\":\"1.0.0\",\"input_schema_uri\":\"schema://i\","
                + "\"output_schema_uri\":\"schema://o\",\"modes\":[\"sideways\"]}}", null);
        assertInvalid(descriptor("acme.tools.x", "1.0.0", ",\"provider\":{\"type\":\"carrier-pigeon\"}"), "provider.type");
        assertInvalid(descriptor("acme.tools.x", "1.0.0", ",\"provider\":\"http\""), "provider");
        assertInvalid(descriptor("migd.selfcheck.probe", "1.0.0", ""), "descriptor.id");
        assertThat(server.post("/admin/v0.1/capabilities", "not json").status()).isEqualTo(400);
        assertThat(server.get("/admin/v0.1/capabilities/acme.tools.x").status()).isEqualTo(404);
    }

    @Test
    void deleteCapability() {
        server.post("/admin/v0.1/capabilities", descriptor("acme.tools.gone", "1.0.0", ""));
        MigdServer.Reply deleted = server.delete("/admin/v0.1/capabilities/acme.tools.gone");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
        MigdServer.Reply again = server.delete("/admin/v0.1/capabilities/acme.tools.gone");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo("MIG_NOT_FOUND");
        assertThat(server.post("/mig/v0.1/invoke/acme.tools.gone", "{\"payload\":{}}", "X-Tenant-ID", "acme").errorCode())
                .isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
    }

    @Test
    void schemasCreateReplaceListGetDelete() {
        String schema = "{\"uri\":\"schema://acme/t/v1\",\"schema\":{\"type\":\"object\"}}";
        MigdServer.Reply created = server.post("/admin/v0.1/schemas", schema);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("uri").asText()).isEqualTo("schema://acme/t/v1");
        assertThat(server.post("/admin/v0.1/schemas", schema).status()).isEqualTo(200);
        assertThat(server.get("/admin/v0.1/schemas").json().path("schemas").findValuesAsText("uri"))
                .contains("schema://acme/t/v1", "schema://observatory/models/infer/input/v1");
        assertThat(server.get("/admin/v0.1/schemas?uri=schema://acme/t/v1").json().path("schema").path("type").asText())
                .isEqualTo("object");
        assertThat(server.delete("/admin/v0.1/schemas?uri=schema://acme/t/v1").status()).isEqualTo(200);
        assertThat(server.delete("/admin/v0.1/schemas?uri=schema://acme/t/v1").errorCode()).isEqualTo("MIG_NOT_FOUND");
        assertThat(server.get("/admin/v0.1/schemas?uri=schema://acme/t/v1").status()).isEqualTo(404);
        assertThat(server.delete("/admin/v0.1/schemas").status()).isEqualTo(400);
    }

    @Test
    void schemasThatAreNotDraft07AreRefused() {
        MigdServer.Reply bad = server.post("/admin/v0.1/schemas", "{\"uri\":\"schema://acme/bad/v1\",\"schema\":{\"type\":\"text\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("details").path("violations").isArray()).isTrue();
        assertThat(server.post("/admin/v0.1/schemas", "{\"schema\":{}}").json().path("error").path("details").path("field").asText())
                .isEqualTo("uri");
        assertThat(server.post("/admin/v0.1/schemas", "{\"uri\":\"schema://acme/x\"}").status()).isEqualTo(400);
        assertThat(server.get("/admin/v0.1/schemas?uri=schema://acme/bad/v1").status()).isEqualTo(404);
    }

    private static void assertInvalid(String body, String field) {
        MigdServer.Reply reply = server.post("/admin/v0.1/capabilities", body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        if (field != null) {
            assertThat(reply.json().path("error").path("details").path("field").asText()).as(reply.body()).isEqualTo(field);
        }
    }

    static String descriptor(String id, String version, String extra) {
        return "{\"descriptor\":{\"id\":\"" + id + "\",\"version\":\"" + version + "\",\"modes\":[\"unary\"],"
                + "\"input_schema_uri\":\"schema://" + id + "/in\",\"output_schema_uri\":\"schema://" + id + "/out\"}" + extra + "}";
    }

    static JsonNode find(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not in " + list);
    }
}
