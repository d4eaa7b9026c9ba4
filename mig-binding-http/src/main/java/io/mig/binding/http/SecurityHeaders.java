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
