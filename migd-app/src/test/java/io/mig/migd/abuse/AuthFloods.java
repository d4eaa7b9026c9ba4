package io.mig.migd.abuse;

import static io.mig.migd.abuse.AbuseTarget.ECHO;
import static io.mig.migd.abuse.AbuseTarget.MIB;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Findings 5 and 6: floods that need no token at all, in auth {@code jwt}. */
final class AuthFloods {
    /** Failed authentications are audited at this rate at most (docs/SECURITY.md), the rest only counted. */
    static final int SAMPLED_PER_MINUTE = 20;
    /** A generous size of one audit line (they are about 300 bytes). */
    static final int AUDIT_LINE_BYTES = 1024;
    static final long METRICS_GROWTH_BOUND = 64 * 1024;

    private AuthFloods() {
    }

    /**
     * Finding 5: INVOKEs with a missing, malformed or forged token, claiming tenant {@code auditee}.
     * Each used to become a record of the one shared 10,000-record history (the full form's 20,000
     * erase it twice over; in the short form each of them would keep a record, over the 256
     * bytes an attempt may keep) and a line of the audit file (about 300 bytes: the short form's
     * 2,000 would add 600 KB, 15 times the sampled records' allowance). Afterwards {@code auditee}'s
     * own export must still hold its record, and the audit file may have grown by the sampled records only.
     */
    static Attack unauthenticatedFlood() {
        String mark = "abuse-audit-mark";
        AtomicLong auditBytes = new AtomicLong();
        AtomicLong started = new AtomicLong();
        String body = "{\"header\":{\"tenant_id\":\"auditee\"},\"payload\":{}}";
        String[] authorizations = {null, "Bearer not-a-token", "Bearer eyJhbGciOiJub25lIn0.eyJ0ZW5hbnRfaWQiOiJhdWRpdGVlIn0.",
                "Basic YWRtaW46YWRtaW4="};
        return Scripted.attack("unauthenticated-flood",
                "finding 5: INVOKEs without a valid token claiming tenant auditee; its audit export must survive",
                2_000, 20_000, 16 * MIB, (target, attempts) -> Workers.run(8, attempts, i -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(target.uri("/mig/v0.1/invoke/" + ECHO))
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                            .header("X-Tenant-ID", "auditee").POST(HttpRequest.BodyPublishers.ofString(body));
                    String authorization = authorizations[i % authorizations.length];
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    int status = target.client().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    return status == 401 ? null : "expected 401, got " + status;
                })).keepingAtMost(256).preparing(target -> {
                    HttpResponse<String> own = target.post("auditee", "/mig/v0.1/invoke/" + ECHO,
                            "{\"header\":{\"tenant_id\":\"auditee\",\"message_id\":\"" + mark + "\"},\"payload\":{}}");
                    if (own.statusCode() != 200 || !export(target).contains(mark)) {
                        throw new AssertionError("auditee's invocation is not in its export: " + own.body());
                    }
                    auditBytes.set(target.auditFileBytes());
                    started.set(System.nanoTime());
                }).verifying(target -> {
                    List<String> problems = new ArrayList<>();
                    if (!export(target).contains(mark)) {
                        problems.add("auditee's record is gone from its audit export");
                    }
                    long minutes = Duration.ofNanos(System.nanoTime() - started.get()).toMinutes();
                    long allowed = (minutes + 2) * SAMPLED_PER_MINUTE * AUDIT_LINE_BYTES;
                    long grew = target.auditFileBytes() - auditBytes.get();
                    if (grew > allowed) {
                        problems.add("the audit file grew by " + grew + " bytes, over the sampled " + allowed);
                    }
                    return problems;
                });
    }

    private static String export(AbuseTarget target) throws Exception {
        HttpResponse<String> export = target.get("auditee", "/pro/v0.1/audit/export?tenant_id=auditee&limit=1000");
        if (export.statusCode() != 200) {
            throw new AssertionError("audit export: " + export.statusCode() + " " + export.body());
        }
        return export.body();
    }

    /**
     * Finding 6: requests with invented method names and no token. Each name used to become a label
     * value of the request metrics: 10,857 series and a 47 MB {@code /metrics}, 4 KB of it per name.
     * {@code /metrics} may grow by {@value #METRICS_GROWTH_BOUND} bytes at most: the short form's
     * 1,000 names would add 4 MB, 60 times that.
     */
    static Attack inventedMethods() {
        AtomicLong metricsBefore = new AtomicLong();
        return Scripted.attack("invented-methods", "finding 6: requests with invented HTTP methods; /metrics stays small",
                1_000, 20_000, 8 * MIB, (target, attempts) -> Workers.run(8, attempts, i -> {
                    String method = "M" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36).toUpperCase();
                    int status = target.client().send(HttpRequest.newBuilder(target.uri("/mig/v0.1/hello"))
                            .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    return status >= 400 && status < 500 ? null : method + ": expected a 4xx, got " + status;
                })).keepingAtMost(512).preparing(target -> metricsBefore.set(metricsBytes(target)))
                .verifying(target -> {
                    long grew = metricsBytes(target) - metricsBefore.get();
                    return grew <= METRICS_GROWTH_BOUND ? List.of()
                            : List.of("/metrics grew by " + grew + " bytes (bound " + METRICS_GROWTH_BOUND + ")");
                });
    }

    private static long metricsBytes(AbuseTarget target) throws Exception {
        HttpResponse<String> metrics = target.get(null, "/metrics");
        if (metrics.statusCode() != 200) {
            throw new AssertionError("/metrics: " + metrics.statusCode());
        }
        return metrics.body().length();
    }
}
