package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.migd.MigdExtension;
import io.mig.migd.MigdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Binding, replacing and unbinding HTTP providers through the admin API, as an operator does. */
class ProviderAdminTest {
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().build();

    private static String registration(String id, String provider) {
        return "{\"descriptor\":{\"id\":\"" + id + "\",\"version\":\"1.0.0\",\"modes\":[\"unary\"],"
                + "\"input_schema_uri\":\"schema://acme/" + id + "/in\",\"output_schema_uri\":\"schema://acme/" + id + "/out\"}"
                + (provider == null ? "" : ",\"provider\":" + provider) + "}";
    }

    private static String http(String url, String extra) {
        return "{\"type\":\"http\",\"url\":\"" + url + "\"" + extra + "}";
    }

    @Test
    void bindReplaceUnbindAndDeleteThroughTheAdminApi() {
        String id = "acme.admin.model";
        String invoke = "/mig/v0.1/invoke/" + id;
        try (Upstream first = Upstream.start(Upstream.json(200, "{\"payload\":{\"from\":\"first\"}}"));
             Upstream second = Upstream.start(Upstream.json(200, "{\"payload\":{\"from\":\"second\"}}"))) {
            MigdServer.Reply bound = migd.post("/admin/v0.1/capabilities",
                    registration(id, http(first.url(), ",\"max_concurrency\":8,\"headers\":{\"X-Api-Key\":\"k1\"}")));
            assertThat(bound.status()).as(bound.body()).isEqualTo(201);
            assertThat(bound.json().path("provider").path("url").asText()).isEqualTo(first.url());
            assertThat(migd.post(invoke, Bind.invokeBody("{}")).json().path("payload").path("from").asText()).isEqualTo("first");
            assertThat(first.take().header("X-Api-Key")).isEqualTo("k1");

            MigdServer.Reply replaced = migd.post("/admin/v0.1/capabilities", registration(id, http(second.url(), "")));
            assertThat(replaced.status()).isEqualTo(200);
            assertThat(migd.post(invoke, Bind.invokeBody("{}")).json().path("payload").path("from").asText()).isEqualTo("second");

            JsonNode listed = migd.get("/admin/v0.1/capabilities/" + id).json();
            assertThat(listed.path("provider").path("url").asText()).as("the admin view shows the provider").isEqualTo(second.url());
            MigdServer.Reply discovered = migd.post("/mig/v0.1/discover", "{\"header\":{\"tenant_id\":\"acme\"}}");
            assertThat(discovered.body()).contains(id).doesNotContain(second.url()).doesNotContain("\"provider\"");

            assertThat(migd.post("/admin/v0.1/capabilities", registration(id, null)).status()).isEqualTo(200);
            MigdServer.Reply unbound = migd.post(invoke, Bind.invokeBody("{}"));
            assertThat(unbound.status()).isEqualTo(503);
            assertThat(unbound.errorCode()).isEqualTo("MIG_UNAVAILABLE");

            assertThat(migd.delete("/admin/v0.1/capabilities/" + id).status()).isBetween(200, 204);
            assertThat(migd.post(invoke, Bind.invokeBody("{}")).errorCode()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
            assertThat(second.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void wrongProviderBlockIsA400NamingTheFieldAndNothingIsStored() {
        String id = "acme.admin.wrong";
        MigdServer.Reply refused = migd.post("/admin/v0.1/capabilities",
                registration(id, "{\"type\":\"http\",\"url\":\"ftp://example.org\",\"max_concurrency\":-1}"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(refused.json().path("error").path("details").path("field").asText()).startsWith("provider.");
        assertThat(migd.get("/admin/v0.1/capabilities/" + id).status()).isEqualTo(404);
    }
}
