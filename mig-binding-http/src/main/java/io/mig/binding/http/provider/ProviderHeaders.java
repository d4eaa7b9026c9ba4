package io.mig.binding.http.provider;

import io.mig.core.model.MessageHeader;
import io.mig.core.spi.InvocationContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

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
    private static final HttpField ACCEPT_UNARY = new PreEncodedHttpField(HttpHeader.ACCEPT, JSON);
    private static final HttpField ACCEPT_STREAM = new PreEncodedHttpField(HttpHeader.ACCEPT, STREAM_ACCEPT);

    private ProviderHeaders() {
    }

    /**
     * The fields every call to this target carries, built once per provider: its {@code Host} (so
     * the client need not rebuild the request's URI per call to derive it) and the configured headers.
     */
    static List<HttpField> fixed(HttpTarget target) {
        // names differing only in case are one header: the last one given wins, as a put per call did
        Map<String, HttpField> configured = new LinkedHashMap<>();
        target.headers().forEach((name, value) -> configured.put(name.toLowerCase(Locale.ROOT), new HttpField(name, value)));
        List<HttpField> fixed = new ArrayList<>();
        fixed.add(new PreEncodedHttpField(HttpHeader.HOST, target.url().getRawAuthority()));
        fixed.addAll(configured.values());
        return List.copyOf(fixed);
    }

    /**
     * Sets a call's headers.
     *
     * @param fixed       the target's {@link #fixed} fields
     * @param remainingMs the time left, as sent in {@code MIG-Deadline-Ms}
     */
    static void apply(HttpFields.Mutable fields, List<HttpField> fixed, HttpTarget target, InvocationContext context,
                      boolean stream, long remainingMs) {
        // the Host is fixed[0]; a configured header replaces the client's own (User-Agent), and none is
        // one of those added below (HttpTarget refuses them), except Authorization, which put replaces
        fields.add(fixed.get(0));
        for (int i = 1; i < fixed.size(); i++) {
            fields.put(fixed.get(i));
        }
        perCall(context, remainingMs, fields::add);
        fields.add(stream ? ACCEPT_STREAM : ACCEPT_UNARY);
        String token = forwardedToken(target, context);
        if (token != null) {
            fields.put(HttpHeader.AUTHORIZATION, "Bearer " + token);
        }
    }

    /** Receives a call's header fields one by one, in the order they are sent. */
    interface FieldSink {
        void add(String name, String value);
    }

    /**
     * The fields that differ per call, after the fixed ones and before {@code Accept}: the trace
     * context, the MIG header fields and the time left. Both ways of sending a call (Jetty's client
     * and {@link RequestHead}) take them from here, so an upstream sees the same head from either.
     */
    static void perCall(InvocationContext context, long remainingMs, FieldSink fields) {
        MessageHeader header = context.header();
        addIfPresent(fields, TRACEPARENT, header.traceparent());
        addIfPresent(fields, VERSION, header.migVersion());
        addIfPresent(fields, TENANT, header.tenantId());
        addIfPresent(fields, MESSAGE_ID, header.messageId());
        addIfPresent(fields, SESSION_ID, header.sessionId());
        addIfPresent(fields, IDEMPOTENCY_KEY, header.idempotencyKey());
        addIfPresent(fields, CAPABILITY, context.capability().id());
        fields.add(DEADLINE_MS, Long.toString(remainingMs));
    }

    /** The caller's bearer token when this target has it forwarded, else null. */
    static String forwardedToken(HttpTarget target, InvocationContext context) {
        String token = context.call().credentials().bearerToken();
        return target.forwardAuthorization() ? token : null;
    }

    private static void addIfPresent(FieldSink fields, String name, String value) {
        // a header field cannot carry control characters; such a value still travels in the body
        if (value != null && !value.isEmpty() && isFieldValue(value)) {
            fields.add(name, value);
        }
    }

    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
