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

    /** The caller as audit records name it: {@code X-Actor} (auth none) or anonymous. */
    static Operator operator(Context ctx) {
        return new Operator(Transport.emptyToNull(ctx.header(Transport.ACTOR_HEADER)), "http",
                Transport.emptyToNull(ctx.header("traceparent")));
    }

    /**
     * The tenant whose data a read of audit records or usage is confined to; null means all tenants.
     * Today this is the {@code tenant_id} query parameter. It is the one place where an auth mode that
     * limits non-admins to their own tenant (SPEC §3.3) confines these reads.
     */
    static String tenantFilter(Context ctx) {
        return Transport.emptyToNull(ctx.queryParam("tenant_id"));
    }
}
