package io.mig.binding.http;

import io.javalin.http.Context;
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
        return new CallContext(Binding.HTTP, new Credentials(bearer(ctx.header("Authorization")),
                emptyToNull(ctx.header(TENANT_HEADER)), emptyToNull(ctx.header(ACTOR_HEADER))), remote(ctx));
    }

    /**
     * Credentials for SSE and WebSocket, which browsers cannot give headers: {@code tenant_id} and
     * {@code access_token} query parameters count as {@code X-Tenant-ID} and the bearer token.
     */
    static CallContext streamCall(String authorization, String tenantHeader, String actor, String tenantParam,
                                  String tokenParam, String remote) {
        String token = bearer(authorization);
        if (token == null) {
            token = emptyToNull(tokenParam);
        }
        String tenant = emptyToNull(tenantHeader);
        if (tenant == null) {
            tenant = emptyToNull(tenantParam);
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

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return emptyToNull(value.substring(7).trim());
        }
        // a malformed Authorization header is still a credential: the authenticator refuses it
        return value.isEmpty() ? null : value;
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
