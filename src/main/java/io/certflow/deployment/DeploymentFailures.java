package io.certflow.deployment;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.timestamp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.security.Caller;

/**
 * Deployments that ended FAILED or ROLLED_BACK since a time: the target kept (or went back to) what it
 * served before. One that a later deployment of the same certificate to the same target put right is
 * left out, since nothing is left to do about it.
 */
@Service
@Transactional(readOnly = true)
public class DeploymentFailures {

    /** One failed deployment: the certificate (and its first name), the target, the outcome and why. */
    public record Failed(UUID deploymentId, UUID certificateId, String tenantId, String name, String targetName, DeploymentState state,
                         String reason, Instant finishedAt) {
    }

    /** @param total all of them; {@code latest} the most recent ones, newest first */
    public record Failures(long total, List<Failed> latest) {
    }

    private static final String FROM = """
             from certflow.deployment d
             where d.state in ('FAILED', 'ROLLED_BACK') and d.finished_at >= :since
             and not exists (select 1 from certflow.deployment later where later.certificate_id = d.certificate_id
                             and later.target_name = d.target_name and later.state = 'DEPLOYED' and later.finished_at > d.finished_at)""";

    private final NamedParameterJdbcTemplate jdbc;

    public DeploymentFailures(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Failures since(Caller caller, Instant since, int latest) {
        List<String> tenants = caller.visibleTenants();
        if (tenants != null && tenants.isEmpty()) {
            return new Failures(0, List.of());
        }
        MapSqlParameterSource params = new MapSqlParameterSource("since", timestamp(since)).addValue("latest", latest);
        String scope = "";
        if (tenants != null) {
            scope = " and d.tenant_id in (:tenants)";
            params.addValue("tenants", tenants);
        }
        Long total = jdbc.queryForObject("select count(*) " + FROM + scope, params, Long.class);
        List<Failed> rows = jdbc.query("""
                select d.id, d.certificate_id, d.tenant_id, d.target_name, d.state, d.reason, d.finished_at,
                    (select n.domain from certflow.certificate_domain n where n.certificate_id = d.certificate_id and n.position = 0) as name"""
                + " " + FROM + scope + " order by d.finished_at desc, d.id fetch next :latest rows only", params,
                (rs, i) -> new Failed(rs.getObject("id", UUID.class), rs.getObject("certificate_id", UUID.class), rs.getString("tenant_id"),
                        rs.getString("name"), rs.getString("target_name"), DeploymentState.valueOf(rs.getString("state")),
                        rs.getString("reason"), instant(rs, "finished_at")));
        return new Failures(total == null ? 0 : total, rows);
    }
}
