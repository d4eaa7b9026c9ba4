package io.mig.binding.http;

import io.javalin.http.Context;
import io.mig.core.error.MigException;
import java.util.Enumeration;
import java.util.List;

/**
 * Headers that decide who is calling and what a call means may appear once. Given twice, one
 * reader would take the first and a proxy or audit trail the other; the request is refused
 * (400 {@code MIG_INVALID_REQUEST}) rather than guessed at.
 */
final class SecurityHeaders {
    static final List<String> SINGLE = List.of("Authorization", Transport.TENANT_HEADER, Transport.ACTOR_HEADER,
            "Idempotency-Key");

    private SecurityHeaders() {
    }

    /** The binding's own routes that read these headers; an extension's routes are checked by {@link HttpHost#call}. */
    private static final List<String> OWN_PREFIXES = List.of(MigRoutes.BASE + "/", "/admin/", "/pro/", "/cloud/");

    /**
     * The before-handler of the binding's own routes. Routes an extension adds are left to
     * {@link HttpHost#call}, which makes the same check where the extension reads the caller, so that
     * the refusal reaches its client in the extension's protocol (a JSON-RPC error on {@code /mcp}).
     */
    static void requireSingleOnOwnRoutes(Context ctx) {
        String path = ctx.path();
        for (String prefix : OWN_PREFIXES) {
            if (path.startsWith(prefix)) {
                requireSingle(ctx);
                return;
            }
        }
    }

    /** Whether one of the {@link #SINGLE} headers is given more than once, in one pass over the fields. */
    static boolean repeatedIn(Iterable<org.eclipse.jetty.http.HttpField> fields) {
        int seen = 0;
        for (org.eclipse.jetty.http.HttpField field : fields) {
            for (int i = 0; i < SINGLE.size(); i++) {
                if (field.is(SINGLE.get(i))) {
                    if ((seen & 1 << i) != 0) {
                        return true;
                    }
                    seen |= 1 << i;
                }
            }
        }
        return false;
    }

    /** @throws MigException {@code MIG_INVALID_REQUEST} naming the first repeated header */
    static void requireSingle(Context ctx) {
        for (String name : SINGLE) {
            Enumeration<String> values = ctx.req().getHeaders(name);
            if (values != null && values.hasMoreElements()) {
                values.nextElement();
                if (values.hasMoreElements()) {
                    throw MigException.invalid("header " + name + " is given more than once").withDetail("header", name);
                }
            }
        }
    }
}
