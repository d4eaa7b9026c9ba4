package io.mig.conformance;

/**
 * One conformance check: a name, the profile it belongs to, and the assertion it runs against a
 * wire {@code W} (the HTTP client of mig-conformance, the gRPC channel of mig-grpc-smoke).
 */
record Check<W>(String name, String profile, Body<W> body) {
    @FunctionalInterface
    interface Body<W> {
        /** Returns a short detail on success; throws {@link Failed} (or anything) on failure. */
        String run(W wire) throws Exception;
    }

    static final class Failed extends Exception {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    static void expect(boolean condition, String message) throws Failed {
        if (!condition) {
            throw new Failed(message);
        }
    }

    record Result(Check<?> check, boolean ok, String detail, long millis) {
    }

    Result execute(W wire) {
        long start = System.nanoTime();
        try {
            String detail = body.run(wire);
            return new Result(this, true, detail, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Result(this, false, message, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
