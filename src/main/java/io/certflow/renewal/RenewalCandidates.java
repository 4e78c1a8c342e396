package io.certflow.renewal;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.timestamp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The certificates a run looks at, a page at a time in id order: auto-managed, issued by Certflow,
 * not replaced yet, and expiring within the policy's window (a superset of the due ones: the
 * effective window may be shorter, which {@link RenewalWindow} decides per certificate).
 */
@Repository
public class RenewalCandidates {

    /** One certificate as far as the renewal decision needs it. */
    public record Candidate(UUID id, UUID issuerId, Instant notBefore, Instant notAfter) {
    }

    private static final String MANAGED = """
            c.tenant_id = :tenant and c.status = 'ISSUED' and c.source = 'ISSUED' and c.auto_managed = true
            and c.successor_id is null""";

    /** An account's AutoSSL certificates are renewed by its AutoSSL runs, not by the renewal policy. */
    private static final String NOT_AUTOSSL = " and c.autossl_account_id is null";

    private final NamedParameterJdbcTemplate jdbc;

    public RenewalCandidates(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The next page, earliest expiry first, of certificates expiring before {@code horizon}, after the
     * candidate {@code after} (null: from the start). Earliest expiry first, so that when a budget
     * runs out it is the certificates with the most time left that wait for the next run.
     */
    public List<Candidate> page(String tenantId, Instant horizon, Candidate after, int size) {
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", tenantId).addValue("horizon", timestamp(horizon))
                .addValue("size", size);
        String from = "";
        if (after != null) {
            // A row comparison, which PostgreSQL starts the index scan at; of the equivalent "or" it made a filter, and every
            // page walked all candidates before the cursor (and every superseded certificate expiring before the horizon) again.
            from = " and (c.not_after, c.id) > (:afterNotAfter, :afterId)";
            params.addValue("afterNotAfter", timestamp(after.notAfter())).addValue("afterId", after.id());
        }
        return jdbc.query("select c.id, c.issuer_id, c.not_before, c.not_after from certflow.certificate c where " + MANAGED
                        + NOT_AUTOSSL + " and c.not_after <= :horizon" + from + " order by c.not_after, c.id fetch next :size rows only",
                params, (rs, row) -> new Candidate(rs.getObject("id", UUID.class), rs.getObject("issuer_id", UUID.class),
                        instant(rs, "not_before"), instant(rs, "not_after")));
    }

    /** These certificates as candidates, those that are still managed, issued and not replaced. */
    public List<Candidate> of(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select c.id, c.issuer_id, c.not_before, c.not_after from certflow.certificate c where c.id in (:ids) and "
                        + MANAGED.replace("c.tenant_id = :tenant and ", "") + NOT_AUTOSSL + " order by c.not_after, c.id",
                new MapSqlParameterSource("ids", ids), (rs, row) -> new Candidate(rs.getObject("id", UUID.class),
                        rs.getObject("issuer_id", UUID.class), instant(rs, "not_before"), instant(rs, "not_after")));
    }

    /** Managed certificates that expired without a successor. */
    public long countExpired(String tenantId, Instant now) {
        Long count = jdbc.queryForObject("select count(*) from certflow.certificate c where " + MANAGED + " and c.not_after <= :now",
                new MapSqlParameterSource("tenant", tenantId).addValue("now", timestamp(now)), Long.class);
        return count == null ? 0 : count;
    }
}
