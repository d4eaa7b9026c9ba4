package io.mig.binding.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.HandlerType;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.port.in.Principal;
import io.mig.core.port.out.Authenticator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The control-plane access rule (SPEC §3.3) without a server; the attack matrix checks it over HTTP. */
class AdminAccessTest {
    private final AdminAccess rule = new AdminAccess(Authenticator.open(), "mig:admin");
    private final Principal tenant = new Principal("alice", "acme", Set.of("capability:infer"), true, true);
    private final Principal admin = new Principal("ops", "acme", Set.of("mig:admin"), true, true);

    private static void forbidden(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(MigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_FORBIDDEN));
    }

    @Test
    void theGuardCoversWhatTheRoutePatternsCovered() {
        // what Javalin's /admin/*, /pro/* and /cloud/* before-handlers matched: prefix, slash, anything
        assertThat(AdminAccess.guarded("/admin/v0.1/capabilities")).isTrue();
        assertThat(AdminAccess.guarded("/admin/")).isTrue();
        assertThat(AdminAccess.guarded("/pro/v0.1/audit/export")).isTrue();
        assertThat(AdminAccess.guarded("/cloud/v0.1/usage")).isTrue();
        assertThat(AdminAccess.guarded("/admin")).as("no route there; a 404 without a check").isFalse();
        assertThat(AdminAccess.guarded("/administrator/x")).isFalse();
        assertThat(AdminAccess.guarded("/Admin/v0.1/capabilities")).as("routes are case-sensitive").isFalse();
        assertThat(AdminAccess.guarded("/mig/v0.1/invoke/admin/x")).isFalse();
        assertThat(AdminAccess.guarded("/ui/admin/")).isFalse();
    }

    @Test
    void withoutAuthenticationEveryoneAdministers() {
        AdminAccess.Access access = rule.decide(Principal.open(null, null), HandlerType.POST, "/admin/v0.1/capabilities");
        assertThat(access.admin()).isTrue();
        assertThat(access.tenantFilter(null)).as("every tenant").isNull();
        assertThat(access.tenantFilter("globex")).isEqualTo("globex");
    }

    @Test
    void theAdminScopeOpensEveryRouteForEveryTenant() {
        AdminAccess.Access access = rule.decide(admin, HandlerType.GET, "/pro/v0.1/audit/export");
        assertThat(access.admin()).isTrue();
        assertThat(access.actor()).isEqualTo("ops");
        assertThat(access.tenantFilter("globex")).isEqualTo("globex");
        assertThat(access.tenantFilter("")).isNull();
    }

    @Test
    void aTenantMayOnlyReadItsOwnAuditAndUsage() {
        for (String path : new String[] {"/pro/v0.1/audit/export", "/cloud/v0.1/usage", "/cloud/v0.1/usage/"}) {
            AdminAccess.Access access = rule.decide(tenant, HandlerType.GET, path);
            assertThat(access.admin()).isFalse();
            assertThat(access.tenantFilter(null)).as("confined to its tenant even when asking for all").isEqualTo("acme");
            assertThat(access.tenantFilter("acme")).isEqualTo("acme");
            forbidden(() -> access.tenantFilter("globex"));
        }
        assertThat(rule.decide(tenant, HandlerType.HEAD, "/cloud/v0.1/usage").confinedTenant()).isEqualTo("acme");
    }

    @Test
    void everythingElseNeedsTheAdminScope() {
        forbidden(() -> rule.decide(tenant, HandlerType.GET, "/admin/v0.1/connections"));
        forbidden(() -> rule.decide(tenant, HandlerType.POST, "/cloud/v0.1/usage"));
        forbidden(() -> rule.decide(tenant, HandlerType.DELETE, "/pro/v0.1/audit/export"));
        forbidden(() -> rule.decide(tenant, HandlerType.GET, "/pro/v0.1/audit/export/extra"));
        forbidden(() -> rule.decide(tenant, HandlerType.GET, "/cloud/v0.1/usage%2F"));
        assertThatThrownBy(() -> rule.decide(tenant, HandlerType.GET, "/admin/v0.1/schemas"))
                .hasMessageContaining("mig:admin");
    }
}
