package io.certflow.renewal;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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

    /** The tenants that have a renewal policy, on or off. */
    public List<String> policyTenants() {
        return jdbc.queryForList("select tenant_id from certflow.renewal_policy", new MapSqlParameterSource(), String.class);
    }

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
    public void recordPage(UUID runId, RenewalCandidates.Candidate cursor, boolean policyDone, UUID ariCursor, int eligible, int started,
                           int skipped, int deferred) {
        jdbc.update("""
                update certflow.renewal_run set cursor_id = :cursor, cursor_not_after = :cursorNotAfter, policy_done = :policyDone,
                    ari_cursor_id = :ariCursor, eligible = eligible + :eligible, started = started + :started, skipped = skipped + :skipped,
                    deferred = deferred + :deferred
                where id = :id""", new MapSqlParameterSource("id", runId).addValue("cursor", cursor == null ? null : cursor.id())
                .addValue("cursorNotAfter", cursor == null ? null : timestamp(cursor.notAfter())).addValue("policyDone", policyDone)
                .addValue("ariCursor", ariCursor).addValue("eligible", eligible).addValue("started", started).addValue("skipped", skipped)
                .addValue("deferred", deferred));
    }

    /** Whether a renewal of the certificate is in flight (a budget is not spent on it again). */
    public boolean inFlight(UUID certificateId) {
        Integer count = jdbc.queryForObject("select count(*) from certflow.renewal where in_flight_certificate_id = :certificate",
                new MapSqlParameterSource("certificate", certificateId), Integer.class);
        return count != null && count > 0;
    }

    /** Whether the run started a renewal of the certificate already. */
    public boolean startedInRun(UUID runId, UUID certificateId) {
        Integer count = jdbc.queryForObject("select count(*) from certflow.renewal where run_id = :run and certificate_id = :certificate",
                new MapSqlParameterSource("run", runId).addValue("certificate", certificateId), Integer.class);
        return count != null && count > 0;
    }

    /** The renewals started from an issuer since a moment: what its budget has spent. */
    public int countStartedSince(UUID issuerId, Instant since) {
        Integer count = jdbc.queryForObject("select count(*) from certflow.renewal where issuer_id = :issuer and created_at > :since",
                new MapSqlParameterSource("issuer", issuerId).addValue("since", timestamp(since)), Integer.class);
        return count == null ? 0 : count;
    }

    public void finishRun(UUID runId, Instant now) {
        jdbc.update("update certflow.renewal_run set finished_at = coalesce(finished_at, :now) where id = :id",
                new MapSqlParameterSource("id", runId).addValue("now", timestamp(now)));
    }

    // Renewals

    /**
     * Writes a renewal as in flight; false when one of the certificate is in flight already (also on
     * another node), or when the certificate was renewed since the caller read it.
     * <p>
     * The certificate's row is locked first, so that two runs reaching it at once (two nodes, or Run
     * Now and the timer) take turns: the second waits until the first commits, then sees its renewal
     * in flight and writes nothing. Without the lock the second ran into the unique constraint, which
     * in PostgreSQL aborts the whole page's transaction (the job failed and was retried; enough such
     * retries are an incident); and a renewal that had already superseded the certificate while the
     * second run's page was being worked through (its in-flight mark gone) let the second run start
     * another renewal of a renewed certificate. Locking the row reads its newest version, so the
     * status check sees such a renewal.
     */
    public boolean insertRenewal(Renewal renewal) {
        List<UUID> renewable = jdbc.queryForList("""
                select id from certflow.certificate where id = :certificate and status = 'ISSUED' and successor_id is null
                for update""", new MapSqlParameterSource("certificate", renewal.certificateId()), UUID.class);
        if (renewable.isEmpty()) {
            return false;
        }
        return jdbc.update("""
                insert into certflow.renewal (id, tenant_id, certificate_id, in_flight_certificate_id, run_id, issuer_id, state, created_at,
                    updated_at)
                select :id, :tenant, :certificate, :certificate, :run, :issuer, :state, :at, :at
                where not exists (select 1 from certflow.renewal where in_flight_certificate_id = :certificate)""",
                new MapSqlParameterSource("id", renewal.id()).addValue("tenant", renewal.tenantId())
                        .addValue("certificate", renewal.certificateId()).addValue("run", renewal.runId())
                        .addValue("issuer", renewal.issuerId())
                        .addValue("state", renewal.state().name()).addValue("at", timestamp(renewal.createdAt()))) == 1;
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

    /** Whether AutoSSL issued the certificate for a hosting account (its runs renew it, not the renewal policy's). */
    public boolean isAutoSsl(UUID certificateId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select autossl_account_id is not null from certflow.certificate where id = :id",
                new MapSqlParameterSource("id", certificateId), Boolean.class));
    }

    public void recordRenewalProcess(UUID id, String processInstanceId) {
        jdbc.update("update certflow.renewal set process_instance_id = :pid where id = :id",
                new MapSqlParameterSource("id", id).addValue("pid", processInstanceId));
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
                rs.getInt("started"), rs.getInt("skipped"), rs.getInt("deferred"), cursorOf(rs), rs.getBoolean("policy_done"),
                rs.getObject("ari_cursor_id", UUID.class), rs.getString("process_instance_id"));
    }

    private static RenewalCandidates.Candidate cursorOf(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("cursor_id", UUID.class);
        return id == null ? null : new RenewalCandidates.Candidate(id, null, null, instant(rs, "cursor_not_after"));
    }

    private static Renewal mapRenewal(ResultSet rs, int row) throws SQLException {
        return new Renewal(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getObject("certificate_id", UUID.class),
                rs.getObject("run_id", UUID.class), rs.getObject("issuer_id", UUID.class), rs.getObject("successor_id", UUID.class),
                RenewalState.valueOf(rs.getString("state")),
                rs.getString("reason"), rs.getString("process_instance_id"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "finished_at"));
    }
}
