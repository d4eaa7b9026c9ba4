package io.mig.migd.abuse;

import static io.mig.migd.abuse.AbuseTarget.ECHO;
import static io.mig.migd.abuse.AbuseTarget.MIB;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Findings 3 and 4: what a caller can make migd keep after the answer — idempotency results and
 * retained events — filled with large payloads, and one tenant's churn against another's result.
 * The target's bounds (32 MiB of events, 16 MiB of results per tenant, 32 MiB overall, 500 results
 * per tenant, 1,500 overall) allow far less than the attempts carry. Payloads of empty objects are
 * the worst case for a bound counted in JSON: they are some 25 times larger as a parsed tree.
 */
final class StoreFloods {
    /** Just under the 1 MiB body limit, with the envelope around it. */
    static final int PAYLOAD_BYTES = 900 * 1024;
    /**
     * Smaller, because a tree of empty objects is large while it is parsed too: every such request
     * holds some 25 times its size until it is answered (see docs/SECURITY.md, limits that remain).
     */
    static final int NODE_BOMB_BYTES = 300 * 1024;

    private StoreFloods() {
    }

    /** {@code {"input": "xxxx…"}}: one long string, as compact in the heap as in JSON (and what the demo capability takes). */
    static String stringPayload(int bytes) {
        return "{\"input\":\"" + "x".repeat(bytes) + "\"}";
    }

    /**
     * {@code {"blob": [{}, {}, …]}}: three bytes of JSON per empty object, which as a parsed tree
     * costs some 25 times that — the payload a byte bound counted in JSON must not be fooled by.
     */
    static String nodeBombPayload(int bytes) {
        return "{\"blob\":[" + "{},".repeat(bytes / 3) + "{}]}";
    }

    /**
     * Finding 3: INVOKEs with unique idempotency keys whose results (the echoed input) are 900 KB
     * each. Without a byte bound they were kept for the TTL: the short form's 48 would keep 43 MB.
     */
    static Attack largeIdempotentResults() {
        return idempotentResults("idempotent-large", "900 KB results of one string", "acme", AbuseTarget.DEMO,
                stringPayload(PAYLOAD_BYTES), 4, 48, 500);
    }

    /**
     * Finding 3, worst case: 300 KB results of empty objects through the echo provider. Kept as
     * trees (7.5 MB each) under a bound counted in JSON, 35 of them filled the heap; the short
     * form's 10 would keep 75 MB, over twice the bound. Another tenant than {@code idempotent-large}'s,
     * so its own bound is still empty.
     */
    static Attack nodeBombIdempotentResults() {
        return idempotentResults("idempotent-node-bombs", "300 KB results of 100k empty objects", "bomber", ECHO,
                nodeBombPayload(NODE_BOMB_BYTES), 1, 10, 150);
    }

    private static Attack idempotentResults(String name, String shape, String tenant, String capability, String payload,
                                            int threads, int shortVolume, int fullVolume) {
        String body = "{\"header\":{\"tenant_id\":\"" + tenant + "\"},\"payload\":" + payload + "}";
        return Scripted.attack(name, "finding 3: idempotent INVOKEs with unique keys, " + shape,
                shortVolume, fullVolume, 32 * MIB, (target, attempts) -> Workers.run(threads, attempts, i -> {
                    HttpResponse<String> answer = target.post(tenant, "/mig/v0.1/invoke/" + capability, body,
                            "Idempotency-Key", "big-" + UUID.randomUUID());
                    return answer.statusCode() == 200 ? null : "invoke: " + answer.statusCode() + " " + head(answer.body());
                }));
    }

    /**
     * Finding 3: PUBLISHes of 900 KB events over eight topics of one tenant. Retention counted in
     * events only allowed 10,000 × 1 MiB per topic: the short form's 60 would keep 54 MB.
     */
    static Attack largeRetainedEvents() {
        return retainedEvents("retained-events", "900 KB events of one string", "acme", stringPayload(PAYLOAD_BYTES), 4, 60, 1_000);
    }

    /**
     * Finding 3, worst case: 300 KB events of empty objects. Kept as trees (7.5 MB each) under a
     * bound counted in JSON, 35 of them filled the heap; the short form's 10 would keep 75 MB, over
     * the 48 MiB this attack may grow by.
     */
    static Attack nodeBombRetainedEvents() {
        return retainedEvents("retained-node-bombs", "300 KB events of 100k empty objects", "bomber",
                nodeBombPayload(NODE_BOMB_BYTES), 1, 10, 150);
    }

    private static Attack retainedEvents(String name, String shape, String tenant, String payload, int threads,
                                         int shortVolume, int fullVolume) {
        String body = "{\"header\":{\"tenant_id\":\"" + tenant + "\"},\"payload\":" + payload + "}";
        return Scripted.attack(name, "finding 3: PUBLISH of " + shape + " to 8 topics",
                shortVolume, fullVolume, 48 * MIB, (target, attempts) -> Workers.run(threads, attempts, i -> {
                    HttpResponse<String> answer = target.post(tenant, "/mig/v0.1/publish/abuse.retained.t" + i % 8, body);
                    return answer.statusCode() == 200 ? null : "publish: " + answer.statusCode() + " " + head(answer.body());
                }));
    }

    /**
     * Finding 4: tenant {@code payer} stores the result of key {@code payment-1}; four other tenants
     * then make far more idempotent calls than the per-tenant (500) and global (1,500) entry bounds
     * hold. One global store ordered by insertion evicted the payer's result, and the retry ran
     * the provider a second time; the short form's 2,400 (600 a tenant) pass the global bound by 900.
     */
    static Attack idempotencyKeyChurn() {
        String payment = "{\"header\":{\"tenant_id\":\"payer\"},\"payload\":{\"amount\":100}}";
        return Scripted.attack("idempotency-key-churn",
                "finding 4: 4 tenants churn idempotency keys; another tenant's retried payment must not run twice",
                2_400, 30_000, 16 * MIB, (target, attempts) -> Workers.run(8, attempts, i -> {
                    String tenant = "churn" + i % 4;
                    HttpResponse<String> answer = target.post(tenant, "/mig/v0.1/invoke/" + AbuseTarget.DEMO,
                            "{\"header\":{\"tenant_id\":\"" + tenant + "\"},\"payload\":{\"input\":\"churn " + i + "\"}}",
                            "Idempotency-Key", "churn-" + UUID.randomUUID());
                    return answer.statusCode() == 200 ? null : "invoke: " + answer.statusCode() + " " + head(answer.body());
                })).preparing(target -> {
                    HttpResponse<String> first = target.post("payer", "/mig/v0.1/invoke/" + ECHO, payment,
                            "Idempotency-Key", "payment-1");
                    if (first.statusCode() != 200 || target.upstream().calls("payer") != 1) {
                        throw new AssertionError("the payment did not run once: " + first.statusCode() + " " + first.body());
                    }
                }).verifying(target -> {
                    List<String> problems = new ArrayList<>();
                    HttpResponse<String> retry = target.post("payer", "/mig/v0.1/invoke/" + ECHO, payment,
                            "Idempotency-Key", "payment-1");
                    if (retry.statusCode() != 200) {
                        problems.add("the retried payment: " + retry.statusCode() + " " + head(retry.body()));
                    }
                    if (target.upstream().calls("payer") != 1) {
                        problems.add("the retried payment ran the provider again (" + target.upstream().calls("payer") + " calls)");
                    }
                    return problems;
                });
    }

    static String head(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
