package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.mig.core.error.MigException;
import io.mig.core.port.in.Principal;
import io.mig.core.port.out.Authenticator;
import java.util.List;
import java.util.Set;

/**
 * Who may use the control plane (SPEC §3.3), decided in this one place for every {@code /admin},
 * {@code /pro} and {@code /cloud} route, before any handler runs. In auth mode {@code none} every
 * caller is an administrator. In auth mode {@code jwt} the admin scope ({@code MIGD_ADMIN_SCOPE},
 * default {@code mig:admin}) is required, except for the two tenant-confined reads a tenant may
 * make about itself: {@code GET /pro/v0.1/audit/export} and {@code GET /cloud/v0.1/usage}.
 *
 * <p>Handlers of tenant-scoped reads take their tenant filter from {@link #tenantFilter}, never
 * from the query alone:
 * <pre>{@code
 * String tenant = AdminAccess.tenantFilter(ctx, ctx.queryParam("tenant_id")); // null = every tenant (admins only)
 * }</pre>
 */
final class AdminAccess {
    static final String DEFAULT_SCOPE = "mig:admin";
    static final List<String> GUARDED = List.of("/admin", "/pro", "/cloud");
    /** The reads a caller without the admin scope may make, confined to its own tenant. */
    static final Set<String> TENANT_READS = Set.of("/pro/v0.1/audit/export", "/cloud/v0.1/usage");
    private static final String ATTRIBUTE = "mig.access";

    private final Authenticator authenticator;
    private final String adminScope;

    AdminAccess(Authenticator authenticator, String adminScope) {
        this.authenticator = authenticator;
        this.adminScope = adminScope;
    }

    void register(JavalinConfig config) {
        // one before-handler for every path, matching the prefixes itself: Javalin would try one
        // regular expression per guarded prefix on every request, the hot MIG routes included
        config.routes.before(ctx -> {
            if (guarded(ctx.path())) {
                check(ctx);
            }
        });
    }

    /** What Javalin's {@code /admin/*} (and the other two) match: the prefix, a slash and anything. */
    static boolean guarded(String path) {
        for (String prefix : GUARDED) {
            if (path.startsWith(prefix) && path.startsWith("/", prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /** Authenticates the caller and records its {@link Access}; refuses with 401, 403 or 503. */
    void check(Context ctx) {
        var credentials = Transport.call(ctx).credentials();
        Access access = decide(authenticator.authenticate(credentials), ctx.method(), ctx.path());
        // a confined caller naming another tenant is refused here already, whatever the handler does
        access.tenantFilter(credentials.tenantHint());
        access.tenantFilter(ctx.queryParam("tenant_id"));
        ctx.attribute(ATTRIBUTE, access);
    }

    /** The rule itself, free of HTTP plumbing. */
    Access decide(Principal principal, HandlerType method, String path) {
        if (!principal.scopesEnforced() || principal.hasScope(adminScope)) {
            return new Access(principal, null);
        }
        boolean read = method == HandlerType.GET || method == HandlerType.HEAD;
        if (read && TENANT_READS.contains(withoutTrailingSlash(path))) {
            return new Access(principal, principal.tenantId());
        }
        throw MigException.forbidden("this route needs the '" + adminScope + "' scope")
                .withDetail("required_scope", adminScope);
    }

    /** The caller's access, as decided before the handler ran. */
    static Access access(Context ctx) {
        Access access = ctx.attribute(ATTRIBUTE);
        if (access == null) {
            // a control-plane route outside the guarded prefixes would be a wiring mistake: fail closed
            throw MigException.internal("no access decision for " + ctx.path());
        }
        return access;
    }

    /**
     * The tenant a tenant-scoped read may return: for an administrator the requested tenant (null
     * means every tenant), for anyone else their own tenant.
     *
     * @throws MigException {@code MIG_FORBIDDEN} when a non-admin asks for another tenant
     */
    static String tenantFilter(Context ctx, String requestedTenant) {
        return access(ctx).tenantFilter(requestedTenant);
    }

    private static String withoutTrailingSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /**
     * What the caller may see. {@code confinedTenant} is null for an administrator, otherwise the
     * only tenant whose data it may read.
     */
    record Access(Principal principal, String confinedTenant) {
        boolean admin() {
            return confinedTenant == null;
        }

        /** The caller, as control-plane audit records name it. */
        String actor() {
            return principal.actor();
        }

        String tenantFilter(String requested) {
            String asked = requested == null || requested.isEmpty() ? null : requested;
            if (confinedTenant == null) {
                return asked;
            }
            if (asked != null && !asked.equals(confinedTenant)) {
                throw MigException.forbidden("without the admin scope only your own tenant's data can be read")
                        .withDetail("tenant_id", confinedTenant);
            }
            return confinedTenant;
        }
    }
}
