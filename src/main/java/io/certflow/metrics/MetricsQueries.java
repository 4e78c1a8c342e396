package io.certflow.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.jdbc.Columns;

/**
 * Reads a {@link MetricsSnapshot}: a handful of aggregate queries (one pass over the certificates for status, source and
 * pending, one over the issued ones for expiry, one group-by each over renewals and deployments, and AutoSSL's last runs,
 * which are few). Nothing here reads a row per certificate.
 */
@Component
public class MetricsQueries {

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectProvider<EngineBacklog> engine;
    private final Clock clock;

    public MetricsQueries(NamedParameterJdbcTemplate jdbc, ObjectProvider<EngineBacklog> engine, Clock clock) {
        this.jdbc = jdbc;
        this.engine = engine;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public MetricsSnapshot read() {
        Instant now = clock.instant();
        Map<String, Long> expiring = new LinkedHashMap<>();
        MetricsSnapshot.EXPIRY_BUCKETS.forEach(bucket -> expiring.put(bucket, 0L));
        Map<String, Instant> earliest = new HashMap<>();
        readExpiry(now, expiring, earliest);
        EngineBacklog backlog = engine.getIfAvailable();
        return new MetricsSnapshot(certificates(), expiring, earliest, renewals(), deployments(), autosslCoverage(), autosslPaused(),
                backlog == null ? 0 : backlog.openIncidents(), backlog == null ? 0 : backlog.jobsDue());
    }

    private Map<MetricsSnapshot.CertificateGroup, Long> certificates() {
        Map<MetricsSnapshot.CertificateGroup, Long> groups = new HashMap<>();
        jdbc.query("""
                select status, source, auto_managed, case when autossl_account_id is null then 0 else 1 end as autossl, count(*) as n
                from certflow.certificate
                group by status, source, auto_managed, case when autossl_account_id is null then 0 else 1 end
                """, rs -> {
            groups.merge(new MetricsSnapshot.CertificateGroup(rs.getString("status"), rs.getString("source"), rs.getBoolean("auto_managed"),
                    rs.getInt("autossl") == 1), rs.getLong("n"), Long::sum);
        });
        return groups;
    }

    private void readExpiry(Instant now, Map<String, Long> expiring, Map<String, Instant> earliest) {
        MapSqlParameterSource params = new MapSqlParameterSource("now", Columns.timestamp(now));
        StringBuilder sums = new StringBuilder("sum(case when not_after <= :now then 1 else 0 end) as b0");
        String previous = ":now";
        int[] days = {1, 3, 7, 14, 30};
        for (int i = 0; i < days.length; i++) {
            String bound = ":d" + days[i];
            params.addValue("d" + days[i], Columns.timestamp(now.plus(Duration.ofDays(days[i]))));
            sums.append(", sum(case when not_after > ").append(previous).append(" and not_after <= ").append(bound)
                    .append(" then 1 else 0 end) as b").append(i + 1);
            previous = bound;
        }
        sums.append(", sum(case when not_after > ").append(previous).append(" then 1 else 0 end) as b6");
        jdbc.query("select tenant_id, min(not_after) as earliest, " + sums
                + " from certflow.certificate where status = 'ISSUED' and not_after is not null group by tenant_id", params, rs -> {
            earliest.put(rs.getString("tenant_id"), Columns.instant(rs, "earliest"));
            for (int i = 0; i < MetricsSnapshot.EXPIRY_BUCKETS.size(); i++) {
                expiring.merge(MetricsSnapshot.EXPIRY_BUCKETS.get(i), rs.getLong("b" + i), Long::sum);
            }
        });
    }

    /** Per tenant with renewals or a renewal policy: the counters exist (at 0) before the first renewal, so increase() sees it. */
    private Map<String, MetricsSnapshot.Renewals> renewals() {
        Map<String, MetricsSnapshot.Renewals> renewals = new HashMap<>();
        jdbc.query("select tenant_id from certflow.renewal_policy", rs -> {
            renewals.put(rs.getString("tenant_id"), new MetricsSnapshot.Renewals(0, 0, 0));
        });
        jdbc.query("""
                select tenant_id, count(*) as started, sum(case when state = 'RENEWED' then 1 else 0 end) as succeeded,
                       sum(case when state = 'FAILED' then 1 else 0 end) as failed
                from certflow.renewal group by tenant_id
                """, rs -> {
            renewals.put(rs.getString("tenant_id"), new MetricsSnapshot.Renewals(rs.getLong("started"), rs.getLong("succeeded"),
                    rs.getLong("failed")));
        });
        return renewals;
    }

    private Map<String, Long> deployments() {
        Map<String, Long> states = new HashMap<>();
        jdbc.query("select state, count(*) as n from certflow.deployment group by state", rs -> {
            states.put(rs.getString("state"), rs.getLong("n"));
        });
        return states;
    }

    /** From each tenant's last finished run over all accounts (nightly or "all"): a one-account run sees only one account. */
    private Map<String, MetricsSnapshot.AutoSslCoverage> autosslCoverage() {
        Map<String, MetricsSnapshot.AutoSslCoverage> coverage = new HashMap<>();
        jdbc.query("""
                select r.tenant_id, r.names_deferred,
                       (select coalesce(sum(c.names_wanted), 0) from certflow.autossl_check c where c.run_id = r.id and c.state = 'DONE') as wanted,
                       (select coalesce(sum(c.names_covered), 0) from certflow.autossl_check c where c.run_id = r.id and c.state = 'DONE') as covered
                from certflow.autossl_run r
                where r.state = 'FINISHED' and r.reason in ('NIGHTLY', 'ALL')
                  and r.started_at = (select max(l.started_at) from certflow.autossl_run l
                                      where l.tenant_id = r.tenant_id and l.state = 'FINISHED' and l.reason in ('NIGHTLY', 'ALL'))
                """, rs -> {
            coverage.putIfAbsent(rs.getString("tenant_id"), new MetricsSnapshot.AutoSslCoverage(rs.getLong("wanted"), rs.getLong("covered"),
                    rs.getLong("names_deferred")));
        });
        return coverage;
    }

    /**
     * Per tenant that chose an AutoSSL provider: whether AutoSSL waits for its terms of service to be accepted. The rule is
     * Issuer.termsAccepted(), which AutoSslProviderState pauses runs by: an ACME issuer whose terms were never accepted, or
     * were changed by the CA since.
     */
    private Map<String, Boolean> autosslPaused() {
        Map<String, Boolean> paused = new HashMap<>();
        jdbc.query("""
                select s.tenant_id, i.type, i.terms_agreed_at, i.terms_required_url, i.terms_agreed_url
                from certflow.autossl_settings s join certflow.issuer i on i.id = s.provider_issuer_id
                """, rs -> {
            boolean accepted = rs.getTimestamp("terms_agreed_at") != null
                    && Objects.equals(rs.getString("terms_required_url"), rs.getString("terms_agreed_url"));
            paused.put(rs.getString("tenant_id"), "ACME".equals(rs.getString("type")) && !accepted);
        });
        return paused;
    }
}
