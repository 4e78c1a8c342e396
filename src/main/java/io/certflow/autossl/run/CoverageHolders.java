package io.certflow.autossl.run;

import static io.certflow.jdbc.Columns.instant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.renewal.RenewalWindow;
import io.certflow.renewal.ari.AriTimes;

/**
 * The certificates of a tenant that hold some of an account's names, as {@link AccountCoverage} judges
 * them: issued or being issued, not replaced, each with when AutoSSL renews it (its time in the
 * renewal window, or the CA's ARI time when that comes first).
 */
@Repository
public class CoverageHolders {

    private static final String LIVE = "'ISSUED', 'REQUESTED', 'AWAITING_APPROVAL', 'AWAITING_TERMS', 'VALIDATING', 'PROCESSING'";

    private final NamedParameterJdbcTemplate jdbc;
    private final AriTimes ariTimes;

    public CoverageHolders(NamedParameterJdbcTemplate jdbc, AriTimes ariTimes) {
        this.jdbc = jdbc;
        this.ariTimes = ariTimes;
    }

    private record Row(UUID id, String status, Instant notBefore, Instant notAfter, UUID accountId, String name) {
    }

    public List<AccountCoverage.Holder> of(String tenantId, UUID accountId, Collection<String> names, int windowDays) {
        if (names.isEmpty()) {
            return List.of();
        }
        List<Row> rows = jdbc.query("""
                select c.id, c.status, c.not_before, c.not_after, c.autossl_account_id, d.domain
                from certflow.certificate c join certflow.certificate_domain d on d.certificate_id = c.id
                where c.tenant_id = :tenant and d.domain in (:names) and c.successor_id is null and c.status in (""" + LIVE + ")",
                new MapSqlParameterSource("tenant", tenantId).addValue("names", names),
                (rs, row) -> new Row(rs.getObject("id", UUID.class), rs.getString("status"), instant(rs, "not_before"),
                        instant(rs, "not_after"), rs.getObject("autossl_account_id", UUID.class), rs.getString("domain")));
        Map<UUID, List<Row>> byCertificate = new LinkedHashMap<>();
        rows.forEach(row -> byCertificate.computeIfAbsent(row.id(), id -> new ArrayList<>()).add(row));
        List<AccountCoverage.Holder> holders = new ArrayList<>();
        for (List<Row> held : byCertificate.values()) {
            Row first = held.get(0);
            Set<String> heldNames = new HashSet<>();
            held.forEach(row -> heldNames.add(row.name()));
            boolean autoSsl = accountId.equals(first.accountId());
            boolean issued = "ISSUED".equals(first.status());
            Instant dueAt = autoSsl && issued ? dueAt(first, windowDays) : null;
            holders.add(new AccountCoverage.Holder(first.id(), heldNames, autoSsl, issued,
                    first.notAfter() == null ? Instant.MIN : first.notAfter(), dueAt));
        }
        return holders;
    }

    private Instant dueAt(Row certificate, int windowDays) {
        Instant planned = RenewalWindow.plannedAt(certificate.id(), certificate.notBefore(), certificate.notAfter(), windowDays);
        return ariTimes.ariTime(certificate.id()).filter(ari -> ari.isBefore(planned)).orElse(planned);
    }
}
