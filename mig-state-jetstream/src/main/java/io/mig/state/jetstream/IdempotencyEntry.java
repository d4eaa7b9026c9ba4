package io.mig.state.jetstream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MigError;

/**
 * The value of one idempotency key in the bucket: a claim still running ({@code pending}, with the
 * instant after which another instance may take it over), a stored result ({@code done}, with the
 * instant it was stored, from which the time to live runs) or a failure kept briefly so that the
 * duplicates waiting on other instances fail the same way ({@code failed}). Every state keeps the
 * first call's fingerprint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IdempotencyEntry(@JsonProperty("state") String state,
                        @JsonProperty("fingerprint") String fingerprint,
                        @JsonProperty("owner") String owner,
                        @JsonProperty("expires_at") Long expiresAtMillis,
                        @JsonProperty("completed_at") Long completedAtMillis,
                        @JsonProperty("response") InvokeResponse response,
                        @JsonProperty("error") MigError error,
                        @JsonProperty("reason") ErrorReason reason) {
    private static final String PENDING = "pending";
    private static final String DONE = "done";
    private static final String FAILED = "failed";

    static IdempotencyEntry pending(String fingerprint, String owner, long expiresAtMillis) {
        return new IdempotencyEntry(PENDING, fingerprint, owner, expiresAtMillis, null, null, null, null);
    }

    static IdempotencyEntry done(String fingerprint, InvokeResponse response, long completedAtMillis) {
        return new IdempotencyEntry(DONE, fingerprint, null, null, completedAtMillis, response, null, null);
    }

    static IdempotencyEntry failed(String fingerprint, MigException failure) {
        return new IdempotencyEntry(FAILED, fingerprint, null, null, null, null, failure.toError(),
                failure.reason() == ErrorReason.NONE ? null : failure.reason());
    }

    static IdempotencyEntry decode(byte[] value) {
        return MigJson.decode(value, IdempotencyEntry.class);
    }

    byte[] encode() {
        return MigJson.encode(this);
    }

    @JsonIgnore
    boolean isPending() {
        return PENDING.equals(state);
    }

    @JsonIgnore
    boolean isDone() {
        return DONE.equals(state);
    }

    @JsonIgnore
    boolean isFailed() {
        return FAILED.equals(state);
    }

    /** The failure as the owner saw it, its reason included (so HTTP answers duplicates with the same status). */
    MigException failure() {
        MigException failure = MigException.of(error);
        return reason == null ? failure : failure.withReason(reason);
    }
}
