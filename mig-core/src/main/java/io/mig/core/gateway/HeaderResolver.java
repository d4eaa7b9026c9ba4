package io.mig.core.gateway;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.id.Ids;
import io.mig.core.id.Traceparent;
import io.mig.core.internal.Timestamps;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.Names;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Principal;
import io.mig.core.port.out.TraceSpan;
import java.time.Clock;

/**
 * The checks every operation starts with (SPEC §1.1, §3.2, §4.1 steps 1–2): the header is valid,
 * the caller is authenticated, the tenant is reconciled; then the header's blanks are filled.
 */
final class HeaderResolver {
    static final String VERSION = "0.1";

    private final InternalCallers authenticator;
    private final GatewayLimits limits;
    private final Clock clock;

    HeaderResolver(InternalCallers authenticator, GatewayLimits limits, Clock clock) {
        this.authenticator = authenticator;
        this.limits = limits;
        this.clock = clock;
    }

    /** Validates and resolves; the body's header may be null. */
    RequestScope resolve(CallContext call, MessageHeader header) {
        return resolve(call, header, TraceSpan.NONE);
    }

    /**
     * Validates and resolves the header of an operation traced by {@code span}: a missing or invalid
     * {@code traceparent} becomes the span's own (so the echoed header, the audit record and the
     * trace backend name the same trace), or a fresh one when tracing is off.
     */
    RequestScope resolve(CallContext call, MessageHeader header, TraceSpan span) {
        return resolve(call, header, span, null);
    }

    /**
     * As {@link #resolve(CallContext, MessageHeader, TraceSpan)}, with the message id the core already
     * minted for a header that has none ({@code mintedMessageId}, null to mint one here when needed).
     */
    RequestScope resolve(CallContext call, MessageHeader header, TraceSpan span, String mintedMessageId) {
        MessageHeader h = header == null ? MessageHeader.empty() : header;
        checkShape(h);
        Principal principal = authenticator.authenticate(call.credentials());
        String tenant = reconcileTenant(call, principal, h.tenantId());
        if (MigGateway.INTERNAL_TENANT.equals(tenant) && !authenticator.isInternal(principal)) {
            // the self-checks run there: nobody else may publish, invoke or subscribe in it
            throw MigException.forbidden("tenant '" + tenant + "' is reserved for the gateway itself");
        }
        long deadline = h.deadlineMs() == null || h.deadlineMs() == 0 ? limits.defaultDeadlineMs()
                : Math.min(h.deadlineMs(), limits.maxDeadlineMs());
        MessageHeader resolved = new MessageHeader(
                VERSION,
                h.messageId() != null && !h.messageId().isEmpty() ? h.messageId()
                        : mintedMessageId != null ? mintedMessageId : Ids.messageId(),
                h.timestamp() == null || h.timestamp().isEmpty() ? Timestamps.now(clock) : h.timestamp(),
                tenant,
                h.sessionId(),
                traceparent(h.traceparent(), span),
                h.idempotencyKey() == null || h.idempotencyKey().isEmpty() ? null : h.idempotencyKey(),
                deadline,
                h.meta());
        return new RequestScope(principal, resolved);
    }

    /** Authenticates and reconciles the tenant only (SSE and WebSocket upgrades). */
    RequestScope resolveTransport(CallContext call) {
        return resolve(call, null);
    }

    private static String traceparent(String asked, TraceSpan span) {
        if (Traceparent.isValid(asked)) {
            return asked;
        }
        String own = span.traceparent();
        return own != null ? own : Traceparent.generate();
    }

    private void checkShape(MessageHeader h) {
        if (h.migVersion() != null && !h.migVersion().isEmpty() && !isVersion01(h.migVersion())) {
            throw new MigException(ErrorCode.MIG_VERSION_MISMATCH,
                    "mig_version '" + abbreviate(h.migVersion()) + "' is not supported; this gateway speaks " + VERSION)
                    .withDetail("supported_versions", VERSION);
        }
        Names.checkIdentifier("message_id", h.messageId());
        Names.checkIdentifier("session_id", h.sessionId());
        Names.checkIdentifier("idempotency_key", h.idempotencyKey());
        if (h.deadlineMs() != null && h.deadlineMs() < 0) {
            throw MigException.invalid("deadline_ms must not be negative").withDetail("field", "deadline_ms");
        }
    }

    private String reconcileTenant(CallContext call, Principal principal, String bodyTenant) {
        String transportTenant = call.credentials().tenantHint();
        if (limits.requireTenantHeader() && (transportTenant == null || transportTenant.isEmpty())) {
            throw MigException.invalid("the X-Tenant-ID header is required by this gateway")
                    .withDetail("field", "X-Tenant-ID");
        }
        String bound = principal.tenantId();
        if (principal.tenantBound() && transportTenant != null && !transportTenant.equals(bound)) {
            throw MigException.forbidden("X-Tenant-ID does not match the authenticated tenant");
        }
        if (bodyTenant != null && !bodyTenant.isEmpty()) {
            if (bound != null && !bodyTenant.equals(bound)) {
                throw MigException.forbidden("header.tenant_id does not match the "
                        + (principal.tenantBound() ? "authenticated tenant" : "X-Tenant-ID header"));
            }
            if (transportTenant != null && !transportTenant.isEmpty() && !bodyTenant.equals(transportTenant)) {
                throw MigException.forbidden("header.tenant_id does not match the X-Tenant-ID header");
            }
            return Names.requireTenant(bodyTenant);
        }
        String tenant = bound != null && !bound.isEmpty() ? bound : transportTenant;
        if (tenant == null || tenant.isEmpty()) {
            throw MigException.invalid("tenant_id is required (header.tenant_id or the X-Tenant-ID header)")
                    .withDetail("field", "tenant_id");
        }
        return Names.requireTenant(tenant);
    }

    private static boolean isVersion01(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        return v.equals(VERSION) || v.startsWith(VERSION + ".");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
