package io.mig.binding.http;

import io.javalin.http.Context;
import io.mig.core.error.MigException;
import io.mig.core.model.Binding;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;

/** Reads what HTTP says about the caller (SPEC §3.2). */
final class Transport {
    static final String TENANT_HEADER = "X-Tenant-ID";
    static final String ACTOR_HEADER = "X-Actor";

    private Transport() {
    }

    /** Credentials from headers only (every JSON route). */
    static CallContext call(Context ctx) {
        return call(new JavalinExchange(ctx));
    }

    static CallContext call(RouteExchange ctx) {
        return new CallContext(Binding.HTTP, new Credentials(Credentials.bearerToken(ctx.header("Authorization")),
                emptyToNull(ctx.header(TENANT_HEADER)), emptyToNull(ctx.header(ACTOR_HEADER))), ctx.remote());
    }

    /**
     * Credentials for SSE and WebSocket, which browsers cannot give headers: {@code tenant_id} and
     * {@code access_token} query parameters count as {@code X-Tenant-ID} and the bearer token.
     *
     * @throws MigException {@code MIG_FORBIDDEN} when the header and the query parameter name different tenants
     */
    static CallContext streamCall(String authorization, String tenantHeader, String actor, String tenantParam,
                                  String tokenParam, String remote) {
        String token = Credentials.bearerToken(authorization);
        if (token == null) {
            token = emptyToNull(tokenParam);
        }
        String tenant = emptyToNull(tenantHeader);
        String queryTenant = emptyToNull(tenantParam);
        if (tenant == null) {
            tenant = queryTenant;
        } else if (queryTenant != null && !queryTenant.equals(tenant)) {
            // two tenant claims that disagree: neither may silently win (docs/SECURITY.md)
            throw MigException.forbidden("the tenant_id query parameter names another tenant than " + TENANT_HEADER);
        }
        return new CallContext(Binding.HTTP, new Credentials(token, tenant, emptyToNull(actor)), remote);
    }

    static CallContext streamCall(Context ctx) {
        return streamCall(ctx.header("Authorization"), ctx.header(TENANT_HEADER), ctx.header(ACTOR_HEADER),
                ctx.queryParam("tenant_id"), ctx.queryParam("access_token"), remote(ctx));
    }

    static String remote(Context ctx) {
        return ctx.req().getRemoteAddr() + ":" + ctx.req().getRemotePort();
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
