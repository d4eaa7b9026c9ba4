package io.mig.core.model;

import io.mig.core.error.MigException;

/**
 * The naming rules of SPEC §1.3. Capability ids and topics are dot-separated tokens of
 * {@code [A-Za-z0-9_-]}, at least two, at most 255 characters; tenant ids are 1–64 such characters.
 * These rules also keep NATS subjects safe: no {@code *}, {@code >}, whitespace or empty token.
 */
public final class Names {
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_TENANT_LENGTH = 64;
    public static final int MAX_ID_LENGTH = 256;

    private Names() {
    }

    /**
     * {@code [A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+}, at most {@value #MAX_NAME_LENGTH} characters; checked
     * by hand, not by a regex, as it runs for every operation.
     */
    public static boolean isNamespaced(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        int dots = 0;
        boolean tokenEmpty = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (tokenEmpty) {
                    return false;
                }
                dots++;
                tokenEmpty = true;
            } else if (isTokenChar(c)) {
                tokenEmpty = false;
            } else {
                return false;
            }
        }
        return dots > 0 && !tokenEmpty;
    }

    /** {@code [A-Za-z0-9_-]{1,64}}. */
    public static boolean isTenant(String tenant) {
        if (tenant == null || tenant.isEmpty() || tenant.length() > MAX_TENANT_LENGTH) {
            return false;
        }
        for (int i = 0; i < tenant.length(); i++) {
            if (!isTokenChar(tenant.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    public static String requireCapability(String id) {
        return requireNamespaced("capability", id);
    }

    public static String requireTopic(String topic) {
        return requireNamespaced("topic", topic);
    }

    public static String requireTenant(String tenant) {
        if (!isTenant(tenant)) {
            throw MigException.invalid("tenant_id must be 1-" + MAX_TENANT_LENGTH + " characters of [A-Za-z0-9_-]")
                    .withDetail("field", "tenant_id");
        }
        return tenant;
    }

    /** Message ids, session ids and idempotency keys: at most 256 characters, no control characters. */
    public static String checkIdentifier(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw MigException.invalid(field + " must be at most " + MAX_ID_LENGTH + " characters")
                    .withDetail("field", field);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw MigException.invalid(field + " must not contain control characters").withDetail("field", field);
            }
        }
        return value;
    }

    private static String requireNamespaced(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw MigException.invalid(what + " is required").withDetail("field", what);
        }
        if (!isNamespaced(name)) {
            throw MigException.invalid(what + " '" + abbreviate(name) + "' is not a valid name: use at least two"
                    + " dot-separated tokens of [A-Za-z0-9_-], at most " + MAX_NAME_LENGTH + " characters")
                    .withDetail("field", what);
        }
        return name;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
