package io.mig.migd.soak;

/**
 * What the gateway answered to one request. {@code code} is null for a success, else the MIG error
 * code (or a stand-in such as {@code HTTP_404} when the answer was no MIG error). {@code invoked}
 * says whether the answer came from the INVOKE pipeline, which audits it: a refused MCP session,
 * say, is answered but never reaches it.
 */
record Answer(String code, boolean invoked) {
    static final Answer OK = new Answer(null, true);

    static Answer error(String code) {
        return new Answer(code, true);
    }

    /** Answered, but not by the INVOKE pipeline (so not audited). */
    static Answer outsidePipeline(String code) {
        return new Answer(code, false);
    }

    boolean ok() {
        return code == null;
    }
}
