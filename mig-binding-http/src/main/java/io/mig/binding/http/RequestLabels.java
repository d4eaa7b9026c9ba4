package io.mig.binding.http;

import java.util.Set;

/**
 * Metric label values from what a client sent, bounded: a label that copies request input makes a
 * new time series per distinct value, and a client inventing HTTP methods could grow the metrics
 * without end. (The route label is the matched template or {@code _unmatched}, and the status is
 * the server's own answer, so both are bounded already.)
 */
final class RequestLabels {
    static final String OTHER = "_other";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT");

    private RequestLabels() {
    }

    /** The method if it is a standard one, else {@code _other}. */
    static String method(String method) {
        return METHODS.contains(method) ? method : OTHER;
    }
}
