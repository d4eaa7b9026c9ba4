package io.mig.conformance.kit;

import java.util.Map;

/** The status columns of SPEC §1.4: what HTTP status and gRPC status each MIG code travels with. */
final class ErrorTable {
    private record Row(String http, String grpc, boolean retryable) {
    }

    private static final Map<String, Row> ROWS = Map.ofEntries(
            Map.entry("MIG_INVALID_REQUEST", new Row("400 405 413 422", "INVALID_ARGUMENT", false)),
            Map.entry("MIG_UNAUTHORIZED", new Row("401", "UNAUTHENTICATED", false)),
            Map.entry("MIG_FORBIDDEN", new Row("403", "PERMISSION_DENIED", false)),
            Map.entry("MIG_NOT_FOUND", new Row("404", "NOT_FOUND", false)),
            Map.entry("MIG_UNSUPPORTED_CAPABILITY", new Row("404", "NOT_FOUND", false)),
            Map.entry("MIG_VERSION_MISMATCH", new Row("400", "FAILED_PRECONDITION", false)),
            Map.entry("MIG_TIMEOUT", new Row("504", "DEADLINE_EXCEEDED", true)),
            Map.entry("MIG_RATE_LIMITED", new Row("429", "RESOURCE_EXHAUSTED", true)),
            Map.entry("MIG_BACKPRESSURE", new Row("503", "RESOURCE_EXHAUSTED", true)),
            Map.entry("MIG_UNAVAILABLE", new Row("503", "UNAVAILABLE", true)),
            Map.entry("MIG_INTERNAL", new Row("500 502", "INTERNAL", false)));

    private ErrorTable() {
    }

    /**
     * Checks the outcome's binding status against the table, when the binding has one: a number is
     * an HTTP status, an upper-case name a gRPC status code.
     */
    static void expectStatus(MigWire.Outcome outcome, String code, String what) throws KitCase.Failed {
        Row row = ROWS.get(code);
        String status = outcome.status();
        if (row == null || status == null) {
            return;
        }
        boolean http = status.chars().allMatch(Character::isDigit);
        String allowed = http ? row.http() : row.grpc();
        KitContext.expect(java.util.List.of(allowed.split(" ")).contains(status),
                what + ": " + code + " travelled as " + (http ? "HTTP " : "gRPC ") + status + ", SPEC §1.4 says " + allowed);
    }

    /** Whether SPEC §1.4 calls {@code code} retryable (MIG_TIMEOUT is not when it reports a cancel). */
    static boolean retryable(String code) {
        Row row = ROWS.get(code);
        return row != null && row.retryable();
    }
}
