package io.mig.migd;

import static io.mig.core.testing.Jwts.claims;
import static io.mig.core.testing.Jwts.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.port.out.AuditHistory;
import io.mig.core.port.out.AuditRecord;
import io.mig.core.testing.Await;
import io.mig.core.testing.Jwts;
import io.mig.migd.MigdServer.Reply;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attack matrix (SPEC §3.2, §3.3, §11): a real migd in auth mode jwt, attacked one row at a
 * time. Every row asserts the exact status and MIG code, and that nothing happened: no provider
 * call, no audit success record, no event stored in either tenant — beyond what the row itself
 * legitimately causes. Two gateways: {@code hs} (HS256 with the guide's short secret, issuer and
 * audience configured) and {@code rs} (RS256 from a PEM public key, for algorithm confusion).
 */
class AttackMatrixTest {
    static final String SECRET = "supersecret";
    static final String ISSUER = "https://idp.test";
    static final String AUDIENCE = "migd";
    static final String CAPABILITY = "attack.test.echo";
    static final String TOPIC = "attack.events";
    static final String INVOKE = "/mig/v0.1/invoke/" + CAPABILITY;

    static MigdServer hs;
    static MigdServer rs;
    static CountingProvider hsProvider = new CountingProvider();
    static CountingProvider rsProvider = new CountingProvider();
    static KeyPair rsaKeys;
    static byte[] rsaPem;
    static Path dir;
    /** Legitimate publications per tenant on {@link #TOPIC}, to tell whether an attack stored an event. */
    static final Map<String, Integer> published = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("attack-matrix");
        rsaKeys = Jwts.rsaKeys();
        rsaPem = Jwts.pem("PUBLIC KEY", rsaKeys.getPublic().getEncoded()).getBytes();
        Path pem = Files.write(dir.resolve("rsa.pem"), rsaPem);
        hs = MigdServer.start(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_HS256_SECRET", SECRET,
                "MIGD_JWT_ISSUER", ISSUER, "MIGD_JWT_AUDIENCE", AUDIENCE, "MIGD_SSE_KEEPALIVE_MS", "300"));
        rs = MigdServer.start(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_PUBLIC_KEY_FILE", pem.toString()));
        hs.migd().gateway().register(CountingProvider.descriptor(CAPABILITY), hsProvider);
        rs.migd().gateway().register(CountingProvider.descriptor(CAPABILITY), rsProvider);
    }

    @AfterAll
    static void stop() throws Exception {
        hsProvider.release();
        hs.close();
        rs.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    // --- tokens -----------------------------------------------------------------------------------

    static Map<String, Object> good(String tenant, String scope) {
        return with(with(claims(tenant, tenant + "-user", scope), "iss", ISSUER), "aud", AUDIENCE);
    }

    static String token(String tenant, String scope) {
        return Jwts.hs256(SECRET, good(tenant, scope));
    }

    static String token(Map<String, Object> claims) {
        return Jwts.hs256(SECRET, claims);
    }

    static final String ACME = token("acme", CountingProvider.SCOPE);
    static final String GLOBEX = token("globex", CountingProvider.SCOPE);
    static final String ADMIN = token("acme", "mig:admin " + CountingProvider.SCOPE);

    static String[] bearer(String token, String... more) {
        List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + token));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    static Reply invoke(TestGateway server, String body, String... headers) {
        return server.post(INVOKE, body, headers);
    }

    static final String PAYLOAD = "{\"payload\":{\"input\":\"hi\"}}";

    // --- the matrix -------------------------------------------------------------------------------

    /** One attack: optional setup, the attempt, the expected answer, the provider calls and audit successes it may cause. */
    record Attack(String name, Runnable setup, Supplier<Reply> attempt, int status, String code, int calls, int successes,
                  Consumer<Reply> then) {
        static Attack of(String name, Supplier<Reply> attempt, int status, String code) {
            return new Attack(name, () -> { }, attempt, status, code, 0, 0, reply -> { });
        }

        Attack setup(Runnable value) {
            return new Attack(name, value, attempt, status, code, calls, successes, then);
        }

        Attack causes(int providerCalls, int auditSuccesses) {
            return new Attack(name, setup, attempt, status, code, providerCalls, auditSuccesses, then);
        }

        Attack then(Consumer<Reply> value) {
            return new Attack(name, setup, attempt, status, code, calls, successes, value);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Attack> attacks() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                // control rows: the same requests, done right, work — so the refusals below mean something
                Attack.of("control: valid token invokes", () -> invoke(hs, PAYLOAD, bearer(ACME)), 200, null).causes(1, 1),
                Attack.of("control: admin reads connections", () -> hs.get("/admin/v0.1/connections", bearer(ADMIN)), 200, null),

                // authentication
                Attack.of("missing token", () -> invoke(hs, PAYLOAD, "X-Tenant-ID", "acme"), 401, "MIG_UNAUTHORIZED"),
                Attack.of("not a bearer scheme", () -> invoke(hs, PAYLOAD, "Authorization", "Basic YWNtZTpwdw=="), 401, "MIG_UNAUTHORIZED"),
                Attack.of("garbage token", () -> invoke(hs, PAYLOAD, bearer("abc.def.ghi")), 401, "MIG_UNAUTHORIZED"),
                Attack.of("wrong secret", () -> invoke(hs, PAYLOAD, bearer(Jwts.hs256("supersecret2", good("acme", CountingProvider.SCOPE)))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("alg=none", () -> invoke(hs, PAYLOAD, bearer(Jwts.none(good("acme", CountingProvider.SCOPE)))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("payload swapped after signing", () -> invoke(hs, PAYLOAD, bearer(Jwts.forged(ACME, good("globex", CountingProvider.SCOPE)))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("HS/RS confusion: HS256 signed with the RSA public key PEM", () -> invoke(rs, PAYLOAD,
                        bearer(Jwts.hs256(rsaPem, claims("acme", "x", CountingProvider.SCOPE)))), 401, "MIG_UNAUTHORIZED"),
                Attack.of("HS/RS confusion: HS256 signed with the RSA public key DER", () -> invoke(rs, PAYLOAD,
                        bearer(Jwts.hs256(rsaKeys.getPublic().getEncoded(), claims("acme", "x", CountingProvider.SCOPE)))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("RS256 signed by another key", () -> invoke(rs, PAYLOAD,
                        bearer(Jwts.rs256(Jwts.rsaKeys().getPrivate(), null, claims("acme", "x", CountingProvider.SCOPE)))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("expired", () -> invoke(hs, PAYLOAD, bearer(token(with(good("acme", CountingProvider.SCOPE), "exp", now - 120)))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("nbf in the future", () -> invoke(hs, PAYLOAD, bearer(token(with(good("acme", CountingProvider.SCOPE), "nbf", now + 600)))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("token without exp", () -> invoke(hs, PAYLOAD, bearer(token(with(good("acme", CountingProvider.SCOPE), "exp", null)))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("wrong iss", () -> invoke(hs, PAYLOAD, bearer(token(with(good("acme", CountingProvider.SCOPE), "iss", "https://evil.test")))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("wrong aud", () -> invoke(hs, PAYLOAD, bearer(token(with(good("acme", CountingProvider.SCOPE), "aud", "other")))),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("missing tenant claim", () -> invoke(hs, PAYLOAD, bearer(token(with(good("acme", CountingProvider.SCOPE), "tenant_id", null)),
                        "X-Tenant-ID", "acme")), 401, "MIG_UNAUTHORIZED"),
                Attack.of("tenant claim that is not a tenant id", () -> invoke(hs, PAYLOAD,
                        bearer(token(with(good("acme", CountingProvider.SCOPE), "tenant_id", "acme.>")))), 401, "MIG_UNAUTHORIZED"),

                // tenant enforcement
                Attack.of("tenant mismatch in X-Tenant-ID", () -> invoke(hs, PAYLOAD, bearer(ACME, "X-Tenant-ID", "globex")),
                        403, "MIG_FORBIDDEN"),
                Attack.of("tenant mismatch in the body", () -> invoke(hs, "{\"header\":{\"tenant_id\":\"globex\"},\"payload\":{}}",
                        bearer(ACME)), 403, "MIG_FORBIDDEN"),
                Attack.of("X-Actor spoofing is ignored in jwt mode", () -> invoke(hs, PAYLOAD, bearer(ACME, "X-Actor", "root")), 200, null)
                        .causes(1, 1).then(reply -> assertThat(reply.json().at("/payload/actor").asText()).isEqualTo("acme-user")),
                Attack.of("publish into another tenant (body)", () -> hs.post("/mig/v0.1/publish/" + TOPIC,
                        "{\"header\":{\"tenant_id\":\"globex\"},\"payload\":{}}", bearer(ACME)), 403, "MIG_FORBIDDEN"),
                Attack.of("publish into another tenant (header)", () -> hs.post("/mig/v0.1/publish/" + TOPIC, "{\"payload\":{}}",
                        bearer(ACME, "X-Tenant-ID", "globex")), 403, "MIG_FORBIDDEN"),
                Attack.of("publish without a token", () -> hs.post("/mig/v0.1/publish/" + TOPIC, "{\"payload\":{}}", "X-Tenant-ID", "acme"),
                        401, "MIG_UNAUTHORIZED"),

                // authorization: capability scopes
                Attack.of("scope missing", () -> invoke(hs, PAYLOAD, bearer(token("acme", "capability:other"))), 403, "MIG_FORBIDDEN"),
                Attack.of("no scopes at all", () -> invoke(hs, PAYLOAD, bearer(token("acme", null))), 403, "MIG_FORBIDDEN"),
                Attack.of("admin scope is not a capability scope", () -> invoke(hs, PAYLOAD, bearer(token("acme", "mig:admin"))),
                        403, "MIG_FORBIDDEN"),

                // authorization: the control plane
                Attack.of("non-admin lists connections", () -> hs.get("/admin/v0.1/connections", bearer(ACME)), 403, "MIG_FORBIDDEN"),
                Attack.of("non-admin lists its own tenant's connections", () -> hs.get("/admin/v0.1/connections?tenant_id=acme", bearer(ACME)),
                        403, "MIG_FORBIDDEN"),
                Attack.of("non-admin, trailing slash", () -> hs.get("/admin/v0.1/connections/", bearer(ACME)), 403, "MIG_FORBIDDEN"),
                Attack.of("non-admin, HEAD", () -> hs.send(java.net.http.HttpRequest.newBuilder(hs.uri("/admin/v0.1/connections"))
                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()), bearer(ACME)), 403, null),
                // routes and the guard match the same raw path: an encoded or doubled prefix reaches no route at all
                Attack.of("non-admin, percent-encoded prefix", () -> hs.get("/adm%69n/v0.1/connections", bearer(ACME)), 404, "MIG_NOT_FOUND"),
                Attack.of("non-admin, double slash", () -> hs.get("//admin/v0.1/connections", bearer(ACME)), 404, "MIG_NOT_FOUND"),
                Attack.of("non-admin, percent-encoded route", () -> hs.get("/admin/v0.1/connection%73", bearer(ACME)), 403, "MIG_FORBIDDEN"),
                Attack.of("anonymous lists connections", () -> hs.get("/admin/v0.1/connections"), 401, "MIG_UNAUTHORIZED"),
                Attack.of("expired admin token", () -> hs.get("/admin/v0.1/connections",
                        bearer(token(with(good("acme", "mig:admin"), "exp", now - 120)))), 401, "MIG_UNAUTHORIZED"),
                Attack.of("non-admin registers a capability", () -> hs.post("/admin/v0.1/capabilities",
                        "{\"descriptor\":{\"id\":\"evil.cap\",\"version\":\"1.0.0\",\"input_schema_uri\":\"a\",\"output_schema_uri\":\"b\"}}",
                        bearer(ACME)), 403, "MIG_FORBIDDEN")
                        .then(reply -> assertThat(hs.migd().gateway().capabilities().find("evil.cap")).isEmpty()),
                Attack.of("control: admin registers a capability, audited under its sub", () -> hs.post("/admin/v0.1/capabilities",
                        "{\"descriptor\":{\"id\":\"admin.made.cap\",\"version\":\"1.0.0\",\"input_schema_uri\":\"a\",\"output_schema_uri\":\"b\"}}",
                        bearer(ADMIN, "X-Actor", "root")), 201, null).causes(0, 1).then(reply -> {
                            JsonNode records = hs.get("/pro/v0.1/audit/export?capability=admin.capabilities.upsert", bearer(ADMIN))
                                    .json().path("records");
                            assertThat(records.findValuesAsText("actor")).containsOnly("acme-user");
                        }),
                Attack.of("non-admin deletes a capability", () -> hs.delete("/admin/v0.1/capabilities/" + CAPABILITY, bearer(ACME)),
                        403, "MIG_FORBIDDEN").then(reply -> assertThat(hs.migd().gateway().capabilities().find(CAPABILITY)).isPresent()),
                Attack.of("non-admin lists capabilities with their providers", () -> hs.get("/admin/v0.1/capabilities", bearer(ACME)),
                        403, "MIG_FORBIDDEN"),
                Attack.of("non-admin reads conformance health", () -> hs.get("/admin/v0.1/health/conformance", bearer(ACME)),
                        403, "MIG_FORBIDDEN"),
                Attack.of("non-admin lists the cloud tenants", () -> hs.get("/cloud/v0.1/tenants", bearer(ACME)), 403, "MIG_FORBIDDEN"),
                Attack.of("non-admin sets a quota", () -> hs.post("/pro/v0.1/quotas", "{\"tenant_id\":\"globex\",\"max_invocations\":0}",
                        bearer(ACME)), 403, "MIG_FORBIDDEN")
                        .then(reply -> assertThat(hs.get("/pro/v0.1/quotas", bearer(ADMIN)).json().path("quotas")).isEmpty()),
                Attack.of("non-admin creates an org", () -> hs.post("/cloud/v0.1/orgs", "{\"name\":\"Evil\"}", bearer(ACME)),
                        403, "MIG_FORBIDDEN"),
                Attack.of("non-admin reads another tenant's audit export", () -> hs.get("/pro/v0.1/audit/export?tenant_id=globex",
                        bearer(ACME)), 403, "MIG_FORBIDDEN"),
                Attack.of("non-admin reads another tenant's usage", () -> hs.get("/cloud/v0.1/usage?tenant_id=globex", bearer(ACME)),
                        403, "MIG_FORBIDDEN"),
                Attack.of("non-admin reads usage naming another tenant in X-Tenant-ID", () -> hs.get("/cloud/v0.1/usage",
                        bearer(ACME, "X-Tenant-ID", "globex")), 403, "MIG_FORBIDDEN"),
                Attack.of("non-admin exports audit with POST", () -> hs.post("/pro/v0.1/audit/export", "{}", bearer(ACME)),
                        403, "MIG_FORBIDDEN"),
                Attack.of("non-admin reads its own audit export: its tenant only", () -> hs.get("/pro/v0.1/audit/export", bearer(ACME)),
                        200, null).setup(AttackMatrixTest::bothTenantsInvoke)
                        .then(reply -> assertOnlyTenant(reply.json().path("records"), "tenant_id", "acme")),
                Attack.of("non-admin reads its own audit export as JSON lines", () -> hs.get("/pro/v0.1/audit/export?format=jsonl",
                        bearer(ACME)), 200, null).setup(AttackMatrixTest::bothTenantsInvoke)
                        .then(reply -> assertOnlyTenant(jsonLines(reply.body()), "tenant_id", "acme")),
                Attack.of("non-admin reads its own usage: its tenant only", () -> hs.get("/cloud/v0.1/usage", bearer(ACME)),
                        200, null).setup(AttackMatrixTest::bothTenantsInvoke).then(reply -> {
                            assertThat(reply.json().path("tenant_invocations").fieldNames()).toIterable().containsExactly("acme");
                            assertThat(reply.json().path("total_invocations").asLong())
                                    .isEqualTo(reply.json().at("/tenant_invocations/acme").asLong()).isPositive();
                        }),
                Attack.of("control: admin reads every tenant's audit", () -> hs.get("/pro/v0.1/audit/export", bearer(ADMIN)), 200, null)
                        .setup(AttackMatrixTest::bothTenantsInvoke)
                        .then(reply -> assertThat(reply.json().path("records").findValuesAsText("tenant_id")).contains("acme", "globex")),
                Attack.of("anonymous reads the audit export", () -> hs.get("/pro/v0.1/audit/export?tenant_id=acme"),
                        401, "MIG_UNAUTHORIZED"),
                Attack.of("non-admin, an unknown admin route", () -> hs.get("/admin/v0.1/secrets", bearer(ACME)), 403, "MIG_FORBIDDEN"),

                // cross-tenant: events
                Attack.of("subscribe to another tenant's events (tenant_id query)", () -> hs.get("/mig/v0.1/subscribe/" + TOPIC
                        + "?tenant_id=acme&access_token=" + GLOBEX, "Accept", "text/event-stream"), 403, "MIG_FORBIDDEN")
                        .setup(() -> publish("acme")),
                Attack.of("subscribe to another tenant's events (X-Tenant-ID)", () -> hs.get("/mig/v0.1/subscribe/" + TOPIC,
                        bearer(GLOBEX, "X-Tenant-ID", "acme", "Accept", "text/event-stream")), 403, "MIG_FORBIDDEN")
                        .setup(() -> publish("acme")),
                Attack.of("subscribe with a forged access_token", () -> hs.get("/mig/v0.1/subscribe/" + TOPIC + "?access_token="
                        + Jwts.hs256("guess", good("acme", null)), "Accept", "text/event-stream"), 401, "MIG_UNAUTHORIZED"),
                Attack.of("own-tenant subscription never replays another tenant's events", AttackMatrixTest::firstEventSeenByGlobex,
                        200, null).setup(() -> publish("acme"))
                        .then(reply -> assertThat(reply.json().at("/payload/from").asText()).isEqualTo("globex")),
                Attack.of("WebSocket upgrade without a token", () -> upgrade(hs, "/mig/v0.1/stream?tenant_id=acme"), 401, null),
                Attack.of("WebSocket upgrade for another tenant", () -> upgrade(hs, "/mig/v0.1/stream?tenant_id=acme&access_token=" + GLOBEX),
                        403, null),

                // cross-tenant: cancel
                Attack.of("cancel another tenant's invocation by id", () -> hs.post("/mig/v0.1/cancel/victim-1", "{}", bearer(GLOBEX)),
                        200, null).setup(() -> hold("victim-1")).then(reply -> {
                            assertThat(reply.json().path("status").asText()).isEqualTo("recorded");
                            assertVictimCompletes("victim-1");
                        }),
                Attack.of("cancel another tenant's invocation naming its tenant", () -> hs.post("/mig/v0.1/cancel/victim-2", "{}",
                        bearer(GLOBEX, "X-Tenant-ID", "acme")), 403, "MIG_FORBIDDEN")
                        .setup(() -> hold("victim-2")).then(reply -> assertVictimCompletes("victim-2")),
                Attack.of("cancel another tenant's invocation via the body", () -> hs.post("/mig/v0.1/cancel/victim-3",
                        "{\"header\":{\"tenant_id\":\"acme\"}}", bearer(GLOBEX)), 403, "MIG_FORBIDDEN")
                        .setup(() -> hold("victim-3")).then(reply -> assertVictimCompletes("victim-3")),

                // cross-tenant: idempotency
                Attack.of("reuse another tenant's idempotency key", () -> invoke(hs,
                        "{\"header\":{\"idempotency_key\":\"shared-key\"},\"payload\":{\"n\":2}}", bearer(GLOBEX)), 200, null)
                        .setup(() -> assertThat(invoke(hs, "{\"header\":{\"idempotency_key\":\"shared-key\"},\"payload\":{\"n\":1}}",
                                bearer(ACME)).status()).isEqualTo(200))
                        .causes(1, 1).then(reply -> {
                            assertThat(reply.json().at("/payload/tenant").asText()).as("globex's own result").isEqualTo("globex");
                            assertThat(reply.json().at("/payload/echo/n").asInt()).isEqualTo(2);
                            assertThat(reply.json().at("/header/meta/idg.idempotent_replay").isMissingNode()).isTrue();
                            Reply again = invoke(hs, "{\"header\":{\"idempotency_key\":\"shared-key\"},\"payload\":{\"n\":1}}", bearer(ACME));
                            assertThat(again.json().at("/payload/echo/n").asInt()).as("acme's entry untouched").isEqualTo(1);
                            assertThat(again.json().at("/header/meta/idg.idempotent_replay").asBoolean()).isTrue();
                        }),
                Attack.of("reuse another tenant's idempotency key naming its tenant", () -> invoke(hs,
                        "{\"header\":{\"idempotency_key\":\"shared-key-2\"},\"payload\":{\"n\":2}}", bearer(GLOBEX, "X-Tenant-ID", "acme")),
                        403, "MIG_FORBIDDEN")
                        .setup(() -> assertThat(invoke(hs, "{\"header\":{\"idempotency_key\":\"shared-key-2\"},\"payload\":{\"n\":1}}",
                                bearer(ACME)).status()).isEqualTo(200))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void attackIsRefusedAndChangesNothing(Attack attack) {
        attack.setup().run();
        int calls = hsProvider.total() + rsProvider.total();
        long successes = successes(hs) + successes(rs);

        Reply reply = attack.attempt().get();

        assertThat(reply.status()).as("HTTP status of '%s': %s", attack, reply.body()).isEqualTo(attack.status());
        if (attack.code() != null) {
            assertThat(reply.errorCode()).as("MIG code of '%s'", attack).isEqualTo(attack.code());
        } else if (reply.status() >= 400 && !reply.body().isEmpty()) {
            assertThat(reply.errorCode()).isNotNull();
        }
        if (reply.status() == 401) {
            assertThat(reply.header("WWW-Authenticate")).as("401 names the scheme").startsWith("Bearer");
        }
        assertThat(hsProvider.total() + rsProvider.total()).as("provider calls caused by '%s'", attack)
                .isEqualTo(calls + attack.calls());
        assertThat(successes(hs) + successes(rs)).as("audit successes caused by '%s'", attack)
                .isEqualTo(successes + attack.successes());
        for (String tenant : List.of("acme", "globex")) {
            assertThat(publish(tenant)).as("the next event of %s on %s follows only legitimate ones", tenant, TOPIC)
                    .isEqualTo((long) published.get(tenant));
        }
        attack.then().accept(reply);
    }

    // --- helpers --------------------------------------------------------------------------------------

    static long successes(TestGateway server) {
        AuditHistory log = (AuditHistory) server.migd().gateway().auditSink();
        return log.query(r -> AuditRecord.SUCCESS.equals(r.outcome()), Integer.MAX_VALUE).size();
    }

    /** A legitimate publication by {@code tenant}; returns its sequence number. */
    static long publish(String tenant) {
        Reply reply = hs.post("/mig/v0.1/publish/" + TOPIC, "{\"payload\":{\"from\":\"" + tenant + "\"}}",
                bearer(token(tenant, null)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        published.merge(tenant, 1, Integer::sum);
        return reply.json().path("sequence").asLong();
    }

    /** A successful invocation by each tenant, so that audit and usage hold data of both. */
    static void bothTenantsInvoke() {
        assertThat(invoke(hs, PAYLOAD, bearer(ACME)).status()).isEqualTo(200);
        assertThat(invoke(hs, PAYLOAD, bearer(GLOBEX)).status()).isEqualTo(200);
    }

    static void assertOnlyTenant(JsonNode records, String field, String tenant) {
        assertThat(records).as("records").isNotEmpty();
        assertThat(records.findValuesAsText(field)).as("tenants of the records").containsOnly(tenant);
    }

    static JsonNode jsonLines(String body) {
        com.fasterxml.jackson.databind.node.ArrayNode lines = io.mig.core.json.MigJson.mapper().createArrayNode();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(new Reply(200, line, Map.of()).json());
            }
        }
        return lines;
    }

    /** The reply of a refused WebSocket upgrade (status only: the JDK client does not give the body). */
    static Reply upgrade(TestGateway server, String path) {
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create(server.baseUrl().replace("http", "ws") + path), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS);
            socket.abort();
            return new Reply(101, "", Map.of());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> response = refused.getResponse();
                return new Reply(response.statusCode(), "", Map.of("www-authenticate",
                        response.headers().firstValue("WWW-Authenticate").orElse("")));
            }
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Globex subscribes to its own topic from the start, then publishes: the first event it sees must be its own. */
    static Reply firstEventSeenByGlobex() {
        try (SseClient events = SseClient.get(hs.uri("/mig/v0.1/subscribe/" + TOPIC), Map.of("Authorization", "Bearer " + GLOBEX))) {
            publish("globex");
            return new Reply(200, events.next().data(), Map.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static final Map<String, CompletableFuture<HttpResponse<String>>> held = new HashMap<>();

    /** Acme starts an invocation that stays in flight until released. */
    static void hold(String messageId) {
        int before = hsProvider.calls("acme");
        held.put(messageId, hs.client().sendAsync(java.net.http.HttpRequest.newBuilder(hs.uri(INVOKE))
                .header("Authorization", "Bearer " + ACME).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"header\":{\"message_id\":\"" + messageId + "\"},\"payload\":{\"hold\":true}}")).build(),
                HttpResponse.BodyHandlers.ofString()));
        Await.until(Duration.ofSeconds(10), () -> hsProvider.calls("acme") != before, "victim invocation in flight");
        assertThat(hsProvider.calls("acme")).as("victim invocation in flight").isEqualTo(before + 1);
    }


    /** The victim's invocation was not cancelled: released, it answers normally. */
    static void assertVictimCompletes(String messageId) {
        hsProvider.release();
        HttpResponse<String> response = held.remove(messageId).join();
        JsonNode body = new Reply(response.statusCode(), response.body(), Map.of()).json();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body.at("/payload/tenant").asText()).isEqualTo("acme");
    }
}
