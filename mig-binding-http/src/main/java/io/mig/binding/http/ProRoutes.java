package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.admin.ControlPlane;
import io.mig.admin.governance.AuditExport;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.port.out.AuditRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** {@code /pro/v0.1/*}: policy decisions, quotas and audit export (guide §6.3, §11; SPEC §4.8, §5). */
final class ProRoutes {
    static final String BASE = "/pro/v0.1";

    private final ControlPlane controlPlane;
    private final ControlCalls calls;

    ProRoutes(ControlPlane controlPlane, ControlCalls calls) {
        this.controlPlane = controlPlane;
        this.calls = calls;
    }

    void register(JavalinConfig config) {
        config.routes.post(BASE + "/policies/validate", this::validatePolicy);
        config.routes.post(BASE + "/quotas", this::setQuota);
        config.routes.get(BASE + "/quotas", this::quotas);
        config.routes.get(BASE + "/audit/export", this::exportAudit);
    }

    private void validatePolicy(Context ctx) {
        Exchange.json(ctx, controlPlane.policies().validate(calls.body(ctx)));
    }

    private void setQuota(Context ctx) {
        Exchange.json(ctx, controlPlane.quotas().set(calls.body(ctx), ControlCalls.operator(ctx)));
    }

    private void quotas(Context ctx) {
        Exchange.json(ctx, Map.of("quotas", controlPlane.quotas().list()));
    }

    /** {@code {records: [...]}}, or with {@code format=jsonl} one JSON line per record. */
    private void exportAudit(Context ctx) throws IOException {
        String format = ctx.queryParam("format");
        if (format != null && !format.equals("json") && !format.equals("jsonl")) {
            throw MigException.invalid("format must be 'json' or 'jsonl'").withDetail("field", "format");
        }
        AuditExport.Filter filter = AuditExport.Filter.parse(ControlCalls.tenantFilter(ctx), ctx.queryParam("capability"),
                ctx.queryParam("outcome"), ctx.queryParam("since"), ctx.queryParam("limit"));
        List<AuditRecord> records = controlPlane.auditExport().query(filter);
        if (!"jsonl".equals(format)) {
            Exchange.json(ctx, Map.of("records", records));
            return;
        }
        ctx.status(200).contentType("application/x-ndjson");
        OutputStream out = ctx.res().getOutputStream();
        for (AuditRecord record : records) {
            out.write(MigJson.encode(record));
            out.write('\n');
        }
        out.flush();
    }
}
