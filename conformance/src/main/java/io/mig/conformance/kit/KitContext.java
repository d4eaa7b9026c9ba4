package io.mig.conformance.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.conformance.kit.MigWire.Call;
import io.mig.conformance.kit.MigWire.Credentials;
import io.mig.conformance.kit.MigWire.Outcome;
import java.util.UUID;

/** What a case works with: the wire, the target, and builders for envelopes and calls. */
public final class KitContext {
    static final ObjectMapper JSON = new ObjectMapper();

    private final MigWire wire;
    private final KitTarget target;

    public KitContext(MigWire wire, KitTarget target) {
        this.wire = wire;
        this.target = target;
    }

    public MigWire wire() {
        return wire;
    }

    public KitTarget target() {
        return target;
    }

    /** The tenant the wire sends by default (the commands and the kit's tests always give one). */
    public String tenant() {
        return wire.defaults().tenantHeader();
    }

    /** An envelope with an empty header and a fresh {@code message_id}. */
    public ObjectNode envelope() {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("header").put("message_id", id("msg"));
        return body;
    }

    /** An INVOKE envelope for {@code capability} with {@code payload}. */
    public ObjectNode invocation(String capability, ObjectNode payload) {
        ObjectNode body = envelope();
        body.put("capability", capability);
        body.set("payload", payload);
        return body;
    }

    /** {@code {"input": text}}, what the demo capability takes. */
    public ObjectNode input(String text) {
        return JSON.createObjectNode().put("input", text);
    }

    /** The payload of the slow capability: answer after {@code delayMs}, or stream {@code frames}. */
    public ObjectNode slow(long delayMs, int frames) {
        ObjectNode payload = JSON.createObjectNode().put("delay_ms", delayMs);
        if (frames > 0) {
            payload.put("frames", frames);
        }
        return payload;
    }

    /** The slow capability, or {@link KitCase.Skipped} when the target has none. */
    public String slowCapability() throws KitCase.Skipped {
        if (target.slowCapability() == null) {
            throw new KitCase.Skipped("the target names no slow capability (docs/CONFORMANCE.md: -slow-capability)");
        }
        return target.slowCapability();
    }

    /** Throws {@link MigWire.NotApplicable} when the wire delivers live events only. */
    public void requireReplay() throws MigWire.NotApplicable {
        if (!wire.replays()) {
            throw new MigWire.NotApplicable(wire.name() + " delivers live events only: no replay, no resume_cursor");
        }
    }

    /** A call with the wire's default credentials. */
    public Call call(ObjectNode body) {
        return new Call(body, wire.defaults());
    }

    /**
     * Credentials for {@code tenant} in the binding's transport header, with a token for it when
     * the gateway runs with auth {@code jwt}.
     */
    public Credentials as(String tenant) throws KitCase.Skipped {
        return new Credentials(tenant, tokenFor(tenant));
    }

    /** A token for {@code tenant} when the gateway runs with auth {@code jwt}, else null. */
    public String tokenFor(String tenant) throws KitCase.Skipped {
        if (target.tokens() == null) {
            return null;
        }
        if (tenant.equals(tenant()) && wire.defaults().token() != null) {
            return wire.defaults().token();
        }
        String token = target.tokens().apply(tenant);
        if (token == null) {
            throw new KitCase.Skipped("no token for tenant " + tenant);
        }
        return token;
    }

    /** A unique id with a readable prefix, valid as message id, key, and name token. */
    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A fresh namespaced topic. */
    public static String topic() {
        return "conformance.kit." + id("t");
    }

    public static void expect(boolean condition, String message) throws KitCase.Failed {
        if (!condition) {
            throw new KitCase.Failed(message);
        }
    }

    /** Expects a success envelope and returns it. */
    public static JsonNode success(Outcome outcome, String what) throws KitCase.Failed {
        expect(outcome.ok(), what + " failed: " + outcome.envelope());
        return outcome.envelope();
    }

    /**
     * Expects the MIG error {@code code} in a whole envelope (SPEC §1.4: header and error with
     * code, message, retryable, details), with the binding's own status from the §1.4 table.
     */
    public JsonNode error(Outcome outcome, String code, String what) throws KitCase.Failed {
        expect(code.equals(outcome.errorCode()), what + ": expected " + code + ", got " + outcome.envelope());
        JsonNode error = outcome.error();
        expect(error.path("message").isTextual() && !error.path("message").asText().isEmpty(), what + ": no error.message");
        expect(error.path("retryable").isBoolean(), what + ": error.retryable is not a boolean");
        expect(!error.has("details") || error.path("details").isObject(), what + ": error.details is not an object");
        expect(!wire.errorsCarryHeader() || outcome.header().isObject(), what + ": the error envelope has no header");
        // SPEC §1.4's retryable column; MIG_TIMEOUT is not retryable when it reports a cancel
        boolean retryable = code.equals("MIG_TIMEOUT") ? !error.path("details").path("cancelled").asBoolean()
                : ErrorTable.retryable(code);
        expect(error.path("retryable").asBoolean() == retryable, what + ": " + code + " with retryable "
                + error.path("retryable") + ", SPEC §1.4 says " + retryable);
        ErrorTable.expectStatus(outcome, code, what);
        return error;
    }
}
