package io.mig.core.internal;

import java.util.UUID;

/** Random identifiers with a readable prefix. */
public final class Ids {
    private Ids() {
    }

    public static String messageId() {
        return "msg-" + UUID.randomUUID();
    }

    public static String random(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
