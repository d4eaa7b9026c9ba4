package io.mig.admin.governance;

import io.mig.core.error.MigException;
import io.mig.core.port.out.AuditHistory;
import io.mig.core.port.out.AuditRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Predicate;

/** Reads the bounded audit history with the export filters of SPEC §5. */
public final class AuditExport {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;

    private final AuditHistory history;

    public AuditExport(AuditHistory history) {
        this.history = history;
    }

    /** Matching records, oldest first; the newest {@code filter.limit} when more match. */
    public List<AuditRecord> query(Filter filter) {
        // a tenant's export reads that tenant's own history: nobody else's traffic can have displaced it
        return filter.tenantId() == null ? history.query(filter.predicate(), filter.limit())
                : history.query(filter.tenantId(), filter.predicate(), filter.limit());
    }

    /**
     * The export filters; null or empty values match everything.
     *
     * @param since RFC 3339 instant: records at or after it
     */
    public record Filter(String tenantId, String capability, String outcome, Instant since, int limit) {
        /** Parses the query parameters, refusing bad values with {@code MIG_INVALID_REQUEST}. */
        public static Filter parse(String tenantId, String capability, String outcome, String since, String limit) {
            if (outcome != null && !outcome.isEmpty() && !outcome.equals(AuditRecord.SUCCESS) && !outcome.equals(AuditRecord.FAILURE)) {
                throw MigException.invalid("outcome must be 'success' or 'failure'").withDetail("field", "outcome");
            }
            Instant from = null;
            if (since != null && !since.isEmpty()) {
                try {
                    from = Instant.parse(since);
                } catch (DateTimeParseException e) {
                    throw MigException.invalid("since must be an RFC 3339 UTC time such as 2026-02-24T21:10:13Z")
                            .withDetail("field", "since");
                }
            }
            int max = DEFAULT_LIMIT;
            if (limit != null && !limit.isEmpty()) {
                try {
                    max = Integer.parseInt(limit);
                } catch (NumberFormatException e) {
                    max = -1;
                }
                if (max < 1 || max > MAX_LIMIT) {
                    throw MigException.invalid("limit must be an integer from 1 to " + MAX_LIMIT).withDetail("field", "limit");
                }
            }
            return new Filter(blankToNull(tenantId), blankToNull(capability), blankToNull(outcome), from, max);
        }

        Predicate<AuditRecord> predicate() {
            return r -> (tenantId == null || tenantId.equals(r.tenantId()))
                    && (capability == null || capability.equals(r.capability()))
                    && (outcome == null || outcome.equals(r.outcome()))
                    && (since == null || (r.timestamp() != null && !Instant.parse(r.timestamp()).isBefore(since)));
        }

        private static String blankToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }
    }
}
