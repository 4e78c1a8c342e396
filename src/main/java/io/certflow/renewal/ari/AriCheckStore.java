package io.certflow.renewal.ari;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.timestamp;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The asking side of certificate_ari: which certificates are due to be asked about, the claim a node
 * takes before it asks (so that two nodes do not both ask), and what the CA answered. Every statement
 * commits on its own: no transaction is held open while the CA is asked.
 */
@Repository
class AriCheckStore {

    /** A certificate whose CA is to be asked; {@code known} is null when it was never asked. */
    record DueCheck(UUID certificateId, String tenantId, AriTiming.Known known, int failures, boolean hasRow) {
    }

    /** Managed certificates, issued, still valid and not replaced, of ACME issuers that have an account. */
    private static final String ASKABLE = """
            from certflow.certificate c
            join certflow.issuer i on i.id = c.issuer_id and i.type = 'ACME' and i.account_url is not null
            left join certflow.certificate_ari a on a.certificate_id = c.id
            where c.status = 'ISSUED' and c.source = 'ISSUED' and c.auto_managed = true and c.successor_id is null
              and c.not_after > :now and (a.certificate_id is null or a.next_check_at <= :now)""";

    private final NamedParameterJdbcTemplate jdbc;

    AriCheckStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The issuers with at least one certificate due to be asked about, except {@code skipped}. */
    List<UUID> issuersWithDueChecks(Instant now, Collection<UUID> skipped) {
        MapSqlParameterSource params = new MapSqlParameterSource("now", timestamp(now)).addValue("skipped", skipped);
        return jdbc.queryForList("select distinct c.issuer_id " + ASKABLE + (skipped.isEmpty() ? "" : " and c.issuer_id not in (:skipped)"),
                params, UUID.class);
    }

    /** Up to {@code limit} certificates of the issuer due to be asked about, those never asked first. */
    List<DueCheck> dueChecks(UUID issuerId, Instant now, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource("now", timestamp(now)).addValue("issuer", issuerId).addValue("limit", limit);
        return jdbc.query("""
                select c.id, c.tenant_id, a.certificate_id as ari_id, a.window_start, a.window_end, a.renew_at, a.failures
                """ + ASKABLE + """
                 and c.issuer_id = :issuer
                order by case when a.certificate_id is null then 0 else 1 end, a.next_check_at fetch next :limit rows only""",
                params, (rs, row) -> new DueCheck(rs.getObject("id", UUID.class), rs.getString("tenant_id"),
                        new AriTiming.Known(instant(rs, "window_start"), instant(rs, "window_end"), instant(rs, "renew_at")),
                        rs.getInt("failures"), rs.getObject("ari_id") != null));
    }

    /**
     * Takes the certificate for this node until {@code until}; false when another node took it first.
     * A node that dies while asking leaves the claim, which runs out at {@code until}.
     */
    boolean claim(DueCheck check, Instant now, Instant until) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", check.certificateId()).addValue("tenant", check.tenantId())
                .addValue("now", timestamp(now)).addValue("until", timestamp(until));
        if (check.hasRow()) {
            return jdbc.update("update certflow.certificate_ari set next_check_at = :until where certificate_id = :id and next_check_at <= :now",
                    params) == 1;
        }
        try {
            return jdbc.update("insert into certflow.certificate_ari (certificate_id, tenant_id, next_check_at) values (:id, :tenant, :until)",
                    params) == 1;
        } catch (DuplicateKeyException anotherNode) {
            return false;
        }
    }

    void recordWindow(UUID certificateId, Instant start, Instant end, Instant renewAt, Instant nextCheck, Instant now) {
        jdbc.update("""
                update certflow.certificate_ari set window_start = :start, window_end = :end, renew_at = :renewAt,
                    next_check_at = :next, checked_at = :now, failures = 0, last_error = null
                where certificate_id = :id""",
                new MapSqlParameterSource("id", certificateId).addValue("start", timestamp(start)).addValue("end", timestamp(end))
                        .addValue("renewAt", timestamp(renewAt)).addValue("next", timestamp(nextCheck)).addValue("now", timestamp(now)));
    }

    /** A failed ask: the window known before stays, the next ask backs off. */
    void recordFailure(UUID certificateId, int failures, String error, Instant nextCheck, Instant now) {
        jdbc.update("""
                update certflow.certificate_ari set failures = :failures, last_error = :error, next_check_at = :next, checked_at = :now
                where certificate_id = :id""",
                new MapSqlParameterSource("id", certificateId).addValue("failures", failures)
                        .addValue("error", error.length() <= 1000 ? error : error.substring(0, 997) + "...")
                        .addValue("next", timestamp(nextCheck)).addValue("now", timestamp(now)));
    }
}
