package io.certflow.renewal;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Renewal policies, runs and renewals. Every update of a renewal leaves a final one as it is. */
@Repository
public class RenewalStore {

    private final NamedParameterJdbcTemplate jdbc;

    public RenewalStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // Policies

    public Optional<RenewalPolicy> findPolicy(String tenantId) {
        return jdbc.query("select * from certflow.renewal_policy where tenant_id = :tenant", new MapSqlParameterSource("tenant", tenantId),
                (rs, row) -> new RenewalPolicy(rs.getString("tenant_id"), rs.getBoolean("enabled"), rs.getInt("window_days"),
                        rs.getString("default_template"), rs.getBoolean("auto_provision"), rs.getString("updated_by"),
                        instant(rs, "updated_at"))).stream().findFirst();
    }

    public void savePolicy(RenewalPolicy policy) {
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", policy.tenantId())
                .addValue("enabled", policy.enabled()).addValue("windowDays", policy.windowDays())
                .addValue("template", policy.defaultTemplate()).addValue("autoProvision", policy.autoProvision())
                .addValue("by", policy.updatedBy()).addValue("at", timestamp(policy.updatedAt()));
        if (jdbc.update("""
                update certflow.renewal_policy set enabled = :enabled, window_days = :windowDays, default_template = :template,
                    auto_provision = :autoProvision, updated_by = :by, updated_at = :at
                where tenant_id = :tenant""", params) == 0) {
            jdbc.update("""
                    insert into certflow.renewal_policy (tenant_id, enabled, window_days, default_template, auto_provision, updated_by, updated_at)
                    values (:tenant, :enabled, :windowDays, :template, :autoProvision, :by, :at)""", params);
        }
    }

    /** The tenants whose policy is on. */
    public List<String> enabledTenants() {
        return jdbc.queryForList("select tenant_id from certflow.renewal_policy where enabled = true order by tenant_id",
                new MapSqlParameterSource(), String.class);
    }

    // Runs

    public void insertRun(RenewalRun run) {
        jdbc.update("""
                insert into certflow.renewal_run (id, tenant_id, trigger_kind, requested_by, started_at)
                values (:id, :tenant, :trigger, :by, :at)""",
                new MapSqlParameterSource("id", run.id()).addValue("tenant", run.tenantId()).addValue("trigger", run.trigger())
                        .addValue("by", run.requestedBy()).addValue("at", timestamp(run.startedAt())));
    }

    public Optional<RenewalRun> findRun(UUID id) {
        return jdbc.query("select * from certflow.renewal_run where id = :id", new MapSqlParameterSource("id", id), RenewalStore::mapRun)
                .stream().findFirst();
    }

    public Optional<RenewalRun> lastRun(String tenantId) {
        return jdbc.query("""
                select * from certflow.renewal_run where tenant_id = :tenant
                order by started_at desc, id fetch next 1 rows only""", new MapSqlParameterSource("tenant", tenantId), RenewalStore::mapRun)
                .stream().findFirst();
    }

    public void recordRunProcess(UUID runId, String processInstanceId) {
        jdbc.update("update certflow.renewal_run set process_instance_id = :pid where id = :id",
                new MapSqlParameterSource("id", runId).addValue("pid", processInstanceId));
    }

    /** What one page of a run did; the cursor moves on with it, in the page's transaction. */
    public void recordPage(UUID runId, UUID cursorId, int eligible, int started, int skipped) {
        jdbc.update("""
                update certflow.renewal_run set cursor_id = :cursor, eligible = eligible + :eligible, started = started + :started,
                    skipped = skipped + :skipped
                where id = :id""", new MapSqlParameterSource("id", runId).addValue("cursor", cursorId).addValue("eligible", eligible)
                .addValue("started", started).addValue("skipped", skipped));
    }

    public void finishRun(UUID runId, Instant now) {
        jdbc.update("update certflow.renewal_run set finished_at = coalesce(finished_at, :now) where id = :id",
                new MapSqlParameterSource("id", runId).addValue("now", timestamp(now)));
    }

    // Renewals

    /**
     * Writes the renewals as in flight and returns those written: not those of a certificate with a
     * renewal in flight already (also on another node), nor of one renewed since the caller read it.
     * <p>
     * The certificates' rows are locked first (one statement, in id order, so two callers never wait
     * for each other crosswise), so that two runs reaching a certificate at once (two nodes, or Run
     * Now and the timer) take turns: the second waits until the first commits, then sees its renewal
     * in flight and writes nothing. Without the lock the second ran into the unique constraint, which
     * in PostgreSQL aborts the whole page's transaction (the job failed and was retried; enough such
     * retries are an incident); and a renewal that had already superseded the certificate while the
     * second run's page was being worked through (its in-flight mark gone) let the second run start
     * another renewal of a renewed certificate. Locking the rows reads their newest version, so the
     * status check sees such a renewal.
     */
    public List<Renewal> insertRenewals(List<Renewal> renewals) {
        if (renewals.isEmpty()) {
            return List.of();
        }
        Set<UUID> renewable = new HashSet<>(jdbc.queryForList("""
                select id from certflow.certificate where id in (:certificates) and status = 'ISSUED' and successor_id is null
                order by id for update""",
                new MapSqlParameterSource("certificates", renewals.stream().map(Renewal::certificateId).toList()), UUID.class));
        List<Renewal> candidates = renewals.stream().filter(renewal -> renewable.contains(renewal.certificateId())).toList();
        int[] written = jdbc.batchUpdate("""
                insert into certflow.renewal (id, tenant_id, certificate_id, in_flight_certificate_id, run_id, state, created_at, updated_at)
                select :id, :tenant, :certificate, :certificate, :run, :state, :at, :at
                where not exists (select 1 from certflow.renewal where in_flight_certificate_id = :certificate)""",
                candidates.stream().map(renewal -> new MapSqlParameterSource("id", renewal.id()).addValue("tenant", renewal.tenantId())
                        .addValue("certificate", renewal.certificateId()).addValue("run", renewal.runId())
                        .addValue("state", renewal.state().name()).addValue("at", timestamp(renewal.createdAt())))
                        .toArray(MapSqlParameterSource[]::new));
        return IntStream.range(0, candidates.size()).filter(i -> written[i] == 1).mapToObj(candidates::get).toList();
    }

    public Optional<Renewal> findRenewal(UUID id) {
        return jdbc.query("select * from certflow.renewal where id = :id", new MapSqlParameterSource("id", id), RenewalStore::mapRenewal)
                .stream().findFirst();
    }

    /** The certificate's renewals, newest first. */
    public List<Renewal> renewalsOf(UUID certificateId, int limit) {
        return jdbc.query("""
                select * from certflow.renewal where certificate_id = :certificate
                order by created_at desc, id fetch next :limit rows only""",
                new MapSqlParameterSource("certificate", certificateId).addValue("limit", limit), RenewalStore::mapRenewal);
    }

    /** The process instance of each renewal, by the renewal's id. */
    public void recordRenewalProcesses(Map<UUID, String> processInstanceIds) {
        jdbc.batchUpdate("update certflow.renewal set process_instance_id = :pid where id = :id", processInstanceIds.entrySet().stream()
                .map(entry -> new MapSqlParameterSource("id", entry.getKey()).addValue("pid", entry.getValue()))
                .toArray(MapSqlParameterSource[]::new));
    }

    public void recordSuccessor(UUID id, UUID successorId, Instant now) {
        update(id, "successor_id = :successor", new MapSqlParameterSource("successor", successorId), now);
    }

    public void moveTo(UUID id, RenewalState state, Instant now) {
        update(id, "state = :state", new MapSqlParameterSource("state", state.name()), now);
    }

    /** Ends a renewal; the certificate is free for the next one. */
    public boolean finish(UUID id, RenewalState state, String reason, Instant now) {
        return update(id, "state = :state, reason = :reason, in_flight_certificate_id = null, finished_at = :now",
                new MapSqlParameterSource("state", state.name()).addValue("reason", reason), now);
    }

    public long countInFlight(String tenantId) {
        Long count = jdbc.queryForObject("select count(*) from certflow.renewal where tenant_id = :tenant and in_flight_certificate_id is not null",
                new MapSqlParameterSource("tenant", tenantId), Long.class);
        return count == null ? 0 : count;
    }

    private boolean update(UUID id, String set, MapSqlParameterSource params, Instant now) {
        return jdbc.update("update certflow.renewal set " + set + ", updated_at = :now where id = :id and state not in (:finalStates)",
                params.addValue("id", id).addValue("now", timestamp(now)).addValue("finalStates", RenewalState.finalNames())) == 1;
    }

    private static RenewalRun mapRun(ResultSet rs, int row) throws SQLException {
        return new RenewalRun(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("trigger_kind"),
                rs.getString("requested_by"), instant(rs, "started_at"), instant(rs, "finished_at"), rs.getInt("eligible"),
                rs.getInt("started"), rs.getInt("skipped"), rs.getObject("cursor_id", UUID.class), rs.getString("process_instance_id"));
    }

    private static Renewal mapRenewal(ResultSet rs, int row) throws SQLException {
        return new Renewal(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getObject("certificate_id", UUID.class),
                rs.getObject("run_id", UUID.class), rs.getObject("successor_id", UUID.class), RenewalState.valueOf(rs.getString("state")),
                rs.getString("reason"), rs.getString("process_instance_id"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "finished_at"));
    }
}
