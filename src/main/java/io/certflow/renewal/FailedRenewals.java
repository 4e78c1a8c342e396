package io.certflow.renewal;

import static io.certflow.jdbc.Columns.instant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.security.Caller;

/**
 * Certificates in use whose latest renewal failed: the next run tries again while they are inside
 * their window, but until one succeeds someone should read the reason. A renewal that failed and was
 * followed by another attempt (in flight or renewed) is not counted; neither is a certificate that is
 * no longer in use.
 */
@Service
@Transactional(readOnly = true)
public class FailedRenewals {

    /** One failed last attempt: the certificate, its first name and why. */
    public record Failed(UUID certificateId, String tenantId, String name, String reason, Instant failedAt) {
    }

    /** @param total all of them; {@code latest} the most recent ones, newest first */
    public record Failures(long total, List<Failed> latest) {
    }

    private static final String FIRST_NAME =
            "(select n.domain from certflow.certificate_domain n where n.certificate_id = c.id and n.position = 0)";

    private static final String FROM = """
             from certflow.renewal r join certflow.certificate c on c.id = r.certificate_id
             where r.state = 'FAILED' and c.status = 'ISSUED'
             and not exists (select 1 from certflow.renewal later where later.certificate_id = r.certificate_id
                             and (later.created_at > r.created_at or (later.created_at = r.created_at and later.id > r.id)))""";

    private final NamedParameterJdbcTemplate jdbc;

    public FailedRenewals(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Failures of(Caller caller, int latest) {
        List<String> tenants = caller.visibleTenants();
        if (tenants != null && tenants.isEmpty()) {
            return new Failures(0, List.of());
        }
        MapSqlParameterSource params = new MapSqlParameterSource("latest", latest);
        String scope = "";
        if (tenants != null) {
            scope = " and r.tenant_id in (:tenants)";
            params.addValue("tenants", tenants);
        }
        Long total = jdbc.queryForObject("select count(*) " + FROM + scope, params, Long.class);
        List<Failed> rows = jdbc.query("select r.certificate_id, r.tenant_id, " + FIRST_NAME + " as name, r.reason, coalesce(r.finished_at, r.updated_at) as failed_at"
                + " " + FROM + scope + " order by failed_at desc, r.id fetch next :latest rows only", params,
                (rs, i) -> new Failed(rs.getObject("certificate_id", UUID.class), rs.getString("tenant_id"), rs.getString("name"),
                        rs.getString("reason"), instant(rs, "failed_at")));
        return new Failures(total == null ? 0 : total, rows);
    }
}
