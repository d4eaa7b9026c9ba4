package io.mig.binding.http.provider;

import io.mig.core.model.MessageHeader;
import io.mig.core.spi.InvocationContext;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The HTTP headers a provider receives with each call (docs/PROVIDERS.md): the trace context, the
 * MIG header fields it needs without parsing the body, and the time left. The caller's bearer
 * token is forwarded only when the provider block says {@code forward_authorization: true}.
 */
final class ProviderHeaders {
    static final String TRACEPARENT = "traceparent";
    static final String VERSION = "Mig-Version";
    static final String TENANT = "Mig-Tenant-Id";
    static final String MESSAGE_ID = "Mig-Message-Id";
    static final String SESSION_ID = "Mig-Session-Id";
    static final String IDEMPOTENCY_KEY = "Mig-Idempotency-Key";
    static final String CAPABILITY = "Mig-Capability";
    static final String DEADLINE_MS = "MIG-Deadline-Ms";

    static final String JSON = "application/json";
    static final String STREAM_ACCEPT = "text/event-stream, application/x-ndjson, application/json";

    private ProviderHeaders() {
    }

    static void apply(HttpFields.Mutable fields, HttpTarget target, InvocationContext context, boolean stream) {
        target.headers().forEach(fields::put);
        MessageHeader header = context.header();
        putIfPresent(fields, TRACEPARENT, header.traceparent());
        putIfPresent(fields, VERSION, header.migVersion());
        putIfPresent(fields, TENANT, header.tenantId());
        putIfPresent(fields, MESSAGE_ID, header.messageId());
        putIfPresent(fields, SESSION_ID, header.sessionId());
        putIfPresent(fields, IDEMPOTENCY_KEY, header.idempotencyKey());
        putIfPresent(fields, CAPABILITY, context.capability().id());
        fields.put(DEADLINE_MS, Long.toString(Math.max(1, context.remaining().toMillis())));
        fields.put(HttpHeader.ACCEPT, stream ? STREAM_ACCEPT : JSON);
        String token = context.call().credentials().bearerToken();
        if (target.forwardAuthorization() && token != null) {
            fields.put(HttpHeader.AUTHORIZATION, "Bearer " + token);
        }
    }

    private static void putIfPresent(HttpFields.Mutable fields, String name, String value) {
        // a header field cannot carry control characters; such a value still travels in the body
        if (value != null && !value.isEmpty() && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
            fields.put(name, value);
        }
    }
}
