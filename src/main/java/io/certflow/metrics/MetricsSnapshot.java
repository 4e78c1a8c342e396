package io.certflow.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the gauges show, read at one time by {@link MetricsQueries}; keys are label values, never a certificate's id
 * or name, so the number of series stays small however many certificates there are.
 */
record MetricsSnapshot(
        Map<CertificateGroup, Long> certificates,
        Map<String, Long> expiring,
        Map<String, Instant> earliestExpiry,
        Map<String, Renewals> renewals,
        Map<String, Long> deployments,
        Map<String, AutoSslCoverage> autosslCoverage,
        Map<String, Boolean> autosslPaused,
        long openIncidents,
        long jobsDue) {

    /** The buckets of days to expiry: each holds the ISSUED certificates expiring after the previous bound and up to its own. */
    static final List<String> EXPIRY_BUCKETS = List.of("expired", "1", "3", "7", "14", "30", "more");

    static final MetricsSnapshot EMPTY = new MetricsSnapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), 0, 0);

    /** The certificates with one status, source, auto-management and AutoSSL origin. */
    record CertificateGroup(String status, String source, boolean autoManaged, boolean autossl) {
    }

    /** A tenant's renewals since Certflow was installed (rows are never deleted, so the counts only grow). */
    record Renewals(long started, long succeeded, long failed) {
    }

    /** A tenant's last finished AutoSSL run over all accounts: names wanted and covered by its finished checks, names deferred. */
    record AutoSslCoverage(long namesWanted, long namesCovered, long namesDeferred) {
    }

    long certificatesWith(String status, String source, boolean autoManaged) {
        return certificates.entrySet().stream()
                .filter(e -> e.getKey().status().equals(status) && e.getKey().source().equals(source) && e.getKey().autoManaged() == autoManaged)
                .mapToLong(Map.Entry::getValue).sum();
    }

    long pending(String status, boolean autossl) {
        return certificates.entrySet().stream()
                .filter(e -> e.getKey().status().equals(status) && e.getKey().autossl() == autossl)
                .mapToLong(Map.Entry::getValue).sum();
    }
}
