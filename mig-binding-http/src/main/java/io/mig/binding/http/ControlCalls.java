package io.mig.binding.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mig.admin.audit.Operator;

/** What every control-plane route reads from a request: its JSON body, who calls, which tenant it may see. */
final class ControlCalls {
    private final Exchange exchange;

    ControlCalls(Exchange exchange) {
        this.exchange = exchange;
    }

    ObjectNode body(Context ctx) {
        return exchange.object(ctx);
    }

    /**
     * The caller as audit records name it: the authenticated principal {@link AdminAccess} found —
     * the token's {@code sub} in auth jwt, {@code X-Actor} (or anonymous) in auth none.
     */
    static Operator operator(Context ctx) {
        return new Operator(AdminAccess.access(ctx).actor(), "http", Transport.emptyToNull(ctx.header("traceparent")));
    }

    /**
     * The tenant whose data a read of audit records or usage is confined to; null means all tenants.
     * An administrator gets the {@code tenant_id} query parameter; a caller without the admin scope
     * gets its own tenant, and asking for another is {@code MIG_FORBIDDEN} (SPEC §3.3).
     */
    static String tenantFilter(Context ctx) {
        return AdminAccess.tenantFilter(ctx, ctx.queryParam("tenant_id"));
    }
}
