package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.testing.Jwts;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MCP authorization in auth mode jwt: a missing or refused token gets 401 with the RFC 9728
 * challenge, the protected-resource metadata is served, the audience is enforced, and scopes decide
 * which tools a caller sees and may call.
 */
class McpAuthTest {
    private static final String SECRET = "an-mcp-test-secret-that-is-long-enough";
    private static final String AUDIENCE = "https://gateway.example.com/mcp";
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().jwt(SECRET)
            .env("MIGD_JWT_AUDIENCE", AUDIENCE).env("MIGD_OAUTH_AUTHORIZATION_SERVERS", "https://auth.example.com").build();

    private static String token(String scope, String audience) {
        return Jwts.hs256(SECRET, Jwts.forAudience(Jwts.claims("acme", "alice", scope), audience));
    }

    @Test
    void missingTokenIsAChallengeThatPointsAtTheMetadata() {
        String init = McpWire.legacy(1, "initialize", "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}");
        MigdServer.Reply reply = migd.post("/mcp/observatory", init);
        assertThat(reply.status()).isEqualTo(401);
        String challenge = reply.header("WWW-Authenticate");
        String metadata = migd.baseUrl() + "/.well-known/oauth-protected-resource/mcp/observatory";
        assertThat(challenge).startsWith("Bearer ").contains("resource_metadata=\"" + metadata + "\"");

        JsonNode document = migd.get("/.well-known/oauth-protected-resource/mcp/observatory").json();
        assertThat(document.path("resource").asText()).isEqualTo(migd.baseUrl() + "/mcp/observatory");
        assertThat(document.path("authorization_servers")).extracting(JsonNode::asText).containsExactly("https://auth.example.com");
        assertThat(document.path("scopes_supported")).extracting(JsonNode::asText).contains("capability:infer");
        assertThat(document.path("bearer_methods_supported")).extracting(JsonNode::asText).containsExactly("header");
        assertThat(migd.get("/.well-known/oauth-protected-resource/mcp").json().path("resource").asText())
                .isEqualTo(migd.baseUrl() + "/mcp");
    }

    @Test
    void tokensForAnotherAudienceAreRefused() {
        String init = McpWire.legacy(1, "initialize", "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}");
        MigdServer.Reply other = migd.post("/mcp", init, "Authorization", "Bearer " + token("capability:infer", "https://other.example.com"));
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        MigdServer.Reply none = migd.post("/mcp", init, "Authorization", "Bearer " + token("capability:infer", null));
        assertThat(none.status()).as("a token without aud").isEqualTo(401);
        MigdServer.Reply right = migd.post("/mcp", init, "Authorization", "Bearer " + token("capability:infer", AUDIENCE));
        assertThat(right.status()).isEqualTo(200);
        MigdServer.Reply invoke = migd.post("/mig/v0.1/invoke/observatory.models.infer", "{\"payload\":{\"input\":\"x\"}}",
                "Authorization", "Bearer " + token("capability:infer", "https://other.example.com"));
        assertThat(invoke.status()).as("the audience holds on every binding").isEqualTo(401);
    }

    @Test
    void scopesDecideWhatACallerSeesAndCalls() {
        try (McpSyncClient allowed = McpSdkTest.connect(migd, "/mcp", null, token("capability:infer", AUDIENCE), null);
             McpSyncClient other = McpSdkTest.connect(migd, "/mcp", null, token("reports:read", AUDIENCE), null)) {
            assertThat(allowed.listTools().tools()).extracting(McpSchema.Tool::name).contains("observatory.models.infer");
            McpSchema.CallToolRequest call = new McpSchema.CallToolRequest("observatory.models.infer", Map.of("input", "scoped"));
            assertThat(allowed.callTool(call).isError()).isNotEqualTo(Boolean.TRUE);

            assertThat(other.listTools().tools()).extracting(McpSchema.Tool::name).doesNotContain("observatory.models.infer");
            McpSchema.CallToolResult refused = other.callTool(call);
            assertThat(refused.isError()).isTrue();
            assertThat(((McpSchema.TextContent) refused.content().get(0)).text()).startsWith("MIG_FORBIDDEN");
        }
    }
}
