package io.certflow.deployment;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.integer;
import static io.certflow.jdbc.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Deployments, the bindings of certificates to targets, and the targets certificate requests name.
 * Every update of a deployment leaves a final one as it is, so a step that runs again after its
 * deployment ended changes nothing.
 */
@Repository
public class DeploymentStore {

    private final NamedParameterJdbcTemplate jdbc;

    public DeploymentStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes a new deployment as in flight to its target.
     *
     * @return false when another deployment to that target is in flight (the database says so, also across nodes)
     */
    public boolean insert(Deployment deployment) {
        try {
            jdbc.update("""
                    insert into certflow.deployment (id, tenant_id, certificate_id, target_id, target_name, in_flight_target_id,
                        state, expected_serial, expected_fingerprint, requested_by, created_at, updated_at)
                    values (:id, :tenantId, :certificateId, :targetId, :targetName, :targetId, :state, :expectedSerial,
                        :expectedFingerprint, :requestedBy, :createdAt, :createdAt)""",
                    new MapSqlParameterSource()
                            .addValue("id", deployment.id())
                            .addValue("tenantId", deployment.tenantId())
                            .addValue("certificateId", deployment.certificateId())
                            .addValue("targetId", deployment.targetId())
                            .addValue("targetName", deployment.targetName())
                            .addValue("state", deployment.state().name())
                            .addValue("expectedSerial", deployment.expectedSerial())
                            .addValue("expectedFingerprint", deployment.expectedFingerprint())
                            .addValue("requestedBy", deployment.requestedBy())
                            .addValue("createdAt", timestamp(deployment.createdAt())));
            return true;
        } catch (DuplicateKeyException inFlight) {
            return false;
        }
    }

    public Optional<Deployment> findById(UUID id) {
        return jdbc.query("select * from certflow.deployment where id = :id", new MapSqlParameterSource("id", id),
                DeploymentStore::map).stream().findFirst();
    }

    /** The deployment in flight to a target, if any. */
    public Optional<Deployment> findInFlightTo(UUID targetId) {
        return jdbc.query("select * from certflow.deployment where in_flight_target_id = :target",
                new MapSqlParameterSource("target", targetId), DeploymentStore::map).stream().findFirst();
    }

    /** A certificate's deployments, newest first. */
    public List<Deployment> listOf(UUID certificateId, int offset, int limit) {
        return jdbc.query("""
                select * from certflow.deployment where certificate_id = :certificate
                order by created_at desc, id offset :offset rows fetch next :limit rows only""",
                new MapSqlParameterSource("certificate", certificateId).addValue("offset", offset).addValue("limit", limit),
                DeploymentStore::map);
    }

    /**
     * The names of the targets each of {@code certificateIds} is served by now (its latest DEPLOYED deployment
     * there was not followed by another certificate's), with one query for a page of certificates.
     */
    public Map<UUID, List<String>> servingTargetNames(List<UUID> certificateIds) {
        Map<UUID, List<String>> names = new HashMap<>();
        if (certificateIds.isEmpty()) {
            return names;
        }
        jdbc.query("""
                select distinct d.certificate_id, t.name from certflow.deployment d
                join certflow.deployment_target t on t.id = d.target_id
                where d.certificate_id in (:ids) and d.state = 'DEPLOYED'
                and not exists (select 1 from certflow.deployment later where later.target_id = d.target_id
                                and later.state = 'DEPLOYED' and later.certificate_id <> d.certificate_id
                                and later.finished_at > d.finished_at)
                order by t.name""",
                new MapSqlParameterSource("ids", certificateIds),
                (ResultSet rs) -> {
                    names.computeIfAbsent(rs.getObject("certificate_id", UUID.class), id -> new ArrayList<>()).add(rs.getString("name"));
                });
        return names;
    }

    public long countOf(UUID certificateId) {
        Long count = jdbc.queryForObject("select count(*) from certflow.deployment where certificate_id = :certificate",
                new MapSqlParameterSource("certificate", certificateId), Long.class);
        return count == null ? 0 : count;
    }

    public void linkRenewal(UUID id, UUID renewalId) {
        jdbc.update("update certflow.deployment set renewal_id = :renewal where id = :id",
                new MapSqlParameterSource("id", id).addValue("renewal", renewalId));
    }

    public List<UUID> idsOfRenewal(UUID renewalId) {
        return jdbc.queryForList("select id from certflow.deployment where renewal_id = :renewal order by created_at, id",
                new MapSqlParameterSource("renewal", renewalId), UUID.class);
    }

    public void recordProcessInstance(UUID id, String processInstanceId) {
        jdbc.update("update certflow.deployment set process_instance_id = :pid where id = :id and process_instance_id is null",
                new MapSqlParameterSource("id", id).addValue("pid", processInstanceId));
    }

    /** Moves a deployment that has not ended to another transient state. */
    public boolean moveTo(UUID id, DeploymentState state, Instant now) {
        return update(id, "state = :state", new MapSqlParameterSource("state", state.name()), now);
    }

    /** What the endpoint served before the deployment; recorded once, so a step run again after the write cannot replace it. */
    public void recordPrevious(UUID id, String serial, String fingerprint, Instant now) {
        update(id, "previous_serial = :serial, previous_fingerprint = :fingerprint, previous_checked = true",
                new MapSqlParameterSource("serial", serial).addValue("fingerprint", fingerprint), now,
                " and previous_checked = false");
    }

    public void recordReload(UUID id, ReloadResult result, Instant now) {
        update(id, "reload_exit_code = :exitCode, reload_output = :output",
                new MapSqlParameterSource("exitCode", result.exitCode()).addValue("output", result.output()), now);
    }

    /** The first look at the endpoint after the reload starts the grace period; later looks keep that start. */
    public void startVerifying(UUID id, Instant now) {
        update(id, "state = 'VERIFYING', verify_started_at = coalesce(verify_started_at, :now)",
                new MapSqlParameterSource(), now);
    }

    public void startVerifyingRollback(UUID id, Instant now) {
        update(id, "rollback_verify_started_at = coalesce(rollback_verify_started_at, :now)", new MapSqlParameterSource(), now);
    }

    /** What the endpoint served at the last look (null: nothing could be seen), and why it is not yet the right one. */
    public void recordServed(UUID id, String serial, String reason, Instant now) {
        update(id, "served_serial = :serial, reason = :reason",
                new MapSqlParameterSource("serial", serial).addValue("reason", reason), now);
    }

    /** Starts the rollback with its reason. */
    public void startRollback(UUID id, String reason, Instant now) {
        update(id, "state = 'ROLLING_BACK', reason = :reason", new MapSqlParameterSource("reason", reason), now);
    }

    /** Ends a deployment; the target is free for the next one. */
    public boolean finish(UUID id, DeploymentState state, String reason, Instant now) {
        return update(id, "state = :state, reason = :reason, in_flight_target_id = null, finished_at = :now",
                new MapSqlParameterSource("state", state.name()).addValue("reason", reason), now);
    }

    private boolean update(UUID id, String set, MapSqlParameterSource params, Instant now) {
        return update(id, set, params, now, "");
    }

    private boolean update(UUID id, String set, MapSqlParameterSource params, Instant now, String andWhere) {
        return jdbc.update("update certflow.deployment set " + set + ", updated_at = :now where id = :id"
                        + " and state not in (:finalStates)" + andWhere,
                params.addValue("id", id).addValue("now", timestamp(now)).addValue("finalStates", DeploymentState.finalNames())) == 1;
    }

    // Bindings

    /**
     * Records that a certificate belongs on a target; binding it again changes nothing. Two first
     * bindings of one pair at the same moment would need two deployments of it in flight to one
     * target, which the in-flight constraint refuses first.
     */
    public void bind(UUID certificateId, UUID targetId, Instant now) {
        jdbc.update("""
                insert into certflow.deployment_binding (certificate_id, target_id, created_at)
                select :certificate, :target, :now
                where not exists (select 1 from certflow.deployment_binding
                                  where certificate_id = :certificate and target_id = :target)""",
                new MapSqlParameterSource("certificate", certificateId).addValue("target", targetId)
                        .addValue("now", timestamp(now)));
    }

    /** The targets a certificate is bound to, oldest binding first. */
    public List<UUID> boundTargets(UUID certificateId) {
        return jdbc.queryForList("""
                select target_id from certflow.deployment_binding where certificate_id = :certificate
                order by created_at, target_id""", new MapSqlParameterSource("certificate", certificateId), UUID.class);
    }

    public long countBindings(UUID targetId) {
        Long count = jdbc.queryForObject("select count(*) from certflow.deployment_binding where target_id = :target",
                new MapSqlParameterSource("target", targetId), Long.class);
        return count == null ? 0 : count;
    }

    public void unbindAll(UUID targetId) {
        jdbc.update("delete from certflow.deployment_binding where target_id = :target", new MapSqlParameterSource("target", targetId));
    }

    // Targets of certificate requests

    public void recordRequestTargets(UUID requestId, List<UUID> targetIds) {
        for (int position = 0; position < targetIds.size(); position++) {
            jdbc.update("insert into certflow.certificate_request_target (request_id, target_id, position) values (:request, :target, :position)",
                    new MapSqlParameterSource("request", requestId).addValue("target", targetIds.get(position))
                            .addValue("position", position));
        }
    }

    /** The targets a request named that still exist, in the order it named them. */
    public List<UUID> requestTargets(UUID requestId) {
        return jdbc.queryForList("select target_id from certflow.certificate_request_target where request_id = :request order by position",
                new MapSqlParameterSource("request", requestId), UUID.class);
    }

    private static Deployment map(ResultSet rs, int row) throws SQLException {
        return new Deployment(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getObject("certificate_id", UUID.class),
                rs.getObject("target_id", UUID.class),
                rs.getString("target_name"),
                DeploymentState.valueOf(rs.getString("state")),
                rs.getString("reason"),
                rs.getString("expected_serial"),
                rs.getString("expected_fingerprint"),
                rs.getString("served_serial"),
                rs.getString("previous_serial"),
                rs.getString("previous_fingerprint"),
                rs.getBoolean("previous_checked"),
                integer(rs, "reload_exit_code"),
                rs.getString("reload_output"),
                instant(rs, "verify_started_at"),
                instant(rs, "rollback_verify_started_at"),
                rs.getString("process_instance_id"),
                rs.getString("requested_by"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "finished_at"));
    }
}
