package io.certflow.autossl.run;

import static io.certflow.jdbc.Columns.fitted;
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

/** AutoSSL runs, the checks of their accounts and the certificates the checks ordered. */
@Repository
public class AutoSslRunStore {

    private final NamedParameterJdbcTemplate jdbc;

    public AutoSslRunStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insertRun(AutoSslRun run) {
        jdbc.update("""
                insert into certflow.autossl_run (id, tenant_id, account_id, account_name, reason, state, requested_by, paging_done,
                    accounts_total, accounts_checked, certificates_ordered, names_deferred, failures, started_at)
                values (:id, :tenant, :account, :accountName, :reason, :state, :by, false, 0, 0, 0, 0, 0, :at)""",
                new MapSqlParameterSource("id", run.id()).addValue("tenant", run.tenantId()).addValue("account", run.accountId())
                        .addValue("accountName", run.accountName()).addValue("reason", run.reason().name())
                        .addValue("state", run.state().name()).addValue("by", run.requestedBy()).addValue("at", timestamp(run.startedAt())));
    }

    public void recordRunProcess(UUID runId, String processInstanceId) {
        jdbc.update("update certflow.autossl_run set process_instance_id = :pi where id = :id",
                new MapSqlParameterSource("id", runId).addValue("pi", processInstanceId));
    }

    public Optional<AutoSslRun> findRun(UUID id) {
        return jdbc.query("select * from certflow.autossl_run where id = :id", new MapSqlParameterSource("id", id), AutoSslRunStore::mapRun)
                .stream().findFirst();
    }

    /**
     * The run's row, locked until the transaction ends: the one place a run's end is decided. Locked by
     * an update, not "for update": the checks and events a page inserts hold a key-share lock on the
     * run's row (their foreign key), which "for update" waits for while an update does not; a check
     * ending while a page is being written then deadlocked with it.
     */
    public AutoSslRun lockRun(UUID id) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", id);
        if (jdbc.update("update certflow.autossl_run set paging_done = paging_done where id = :id", params) == 0) {
            throw new IllegalStateException("No AutoSSL run " + id);
        }
        return findRun(id).orElseThrow();
    }

    /** The tenant's runs, newest first. */
    public List<AutoSslRun> runsOf(String tenantId, int offset, int limit) {
        return jdbc.query("""
                select * from certflow.autossl_run where tenant_id = :tenant order by started_at desc, id
                offset :offset rows fetch next :limit rows only""",
                new MapSqlParameterSource("tenant", tenantId).addValue("offset", offset).addValue("limit", limit), AutoSslRunStore::mapRun);
    }

    public long countRuns(String tenantId) {
        Long count = jdbc.queryForObject("select count(*) from certflow.autossl_run where tenant_id = :tenant",
                new MapSqlParameterSource("tenant", tenantId), Long.class);
        return count == null ? 0 : count;
    }

    /** A page of the run is done: where the next starts, and the checks it started. */
    public void recordPage(UUID runId, String cursorName, boolean pagingDone, int checksStarted) {
        jdbc.update("""
                update certflow.autossl_run set cursor_name = :cursor, paging_done = :done, accounts_total = accounts_total + :started
                where id = :id""",
                new MapSqlParameterSource("id", runId).addValue("cursor", cursorName).addValue("done", pagingDone)
                        .addValue("started", checksStarted));
    }

    /** Ends a run that is still RUNNING; false when it had ended already. */
    public boolean endRun(UUID runId, AutoSslRunState state, String message, Instant now) {
        return jdbc.update("""
                update certflow.autossl_run set state = :state, message = :message, paging_done = true, finished_at = :at
                where id = :id and state = 'RUNNING'""",
                new MapSqlParameterSource("id", runId).addValue("state", state.name()).addValue("message", fitted(message, 1000))
                        .addValue("at", timestamp(now))) == 1;
    }

    /** A check of the run ended: its figures join the run's. */
    public void addCheckFigures(UUID runId, int certificatesOrdered, int namesDeferred, int failures) {
        jdbc.update("""
                update certflow.autossl_run set accounts_checked = accounts_checked + 1, certificates_ordered = certificates_ordered + :ordered,
                    names_deferred = names_deferred + :deferred, failures = failures + :failures
                where id = :id""",
                new MapSqlParameterSource("id", runId).addValue("ordered", certificatesOrdered).addValue("deferred", namesDeferred)
                        .addValue("failures", failures));
    }

    /**
     * Writes a check of the account for the run unless one of the account is in flight (of any run,
     * on any node): the account's row is locked first, so two runs meeting at one account wait for
     * each other and the second sees the first's check. Returns whether the check was written.
     */
    public boolean insertCheck(AutoSslCheck check) {
        List<UUID> account = jdbc.queryForList("select id from certflow.hosting_account where id = :account for update",
                new MapSqlParameterSource("account", check.accountId()), UUID.class);
        if (account.isEmpty()) {
            return false;
        }
        return jdbc.update("""
                insert into certflow.autossl_check (id, run_id, tenant_id, account_id, in_flight_account_id, state, names_wanted, names_covered,
                    certificates_ordered, names_deferred, created_at)
                select :id, :run, :tenant, :account, :account, 'CHECKING', 0, 0, 0, 0, :at
                where not exists (select 1 from certflow.autossl_check where in_flight_account_id = :account)""",
                new MapSqlParameterSource("id", check.id()).addValue("run", check.runId()).addValue("tenant", check.tenantId())
                        .addValue("account", check.accountId()).addValue("at", timestamp(check.createdAt()))) == 1;
    }

    /** The run whose check of the account is in flight, if any. */
    public Optional<UUID> runCheckingAccount(UUID accountId) {
        return jdbc.queryForList("select run_id from certflow.autossl_check where in_flight_account_id = :account",
                new MapSqlParameterSource("account", accountId), UUID.class).stream().findFirst();
    }

    public void recordCheckProcess(UUID checkId, String processInstanceId) {
        jdbc.update("update certflow.autossl_check set process_instance_id = :pi where id = :id",
                new MapSqlParameterSource("id", checkId).addValue("pi", processInstanceId));
    }

    public Optional<AutoSslCheck> findCheck(UUID id) {
        return jdbc.query("select * from certflow.autossl_check where id = :id", new MapSqlParameterSource("id", id), AutoSslRunStore::mapCheck)
                .stream().findFirst();
    }

    /** What the check's planning found. */
    public void recordCoverage(UUID checkId, int namesWanted, int namesCovered, int namesDeferred) {
        jdbc.update("""
                update certflow.autossl_check set names_wanted = :wanted, names_covered = :covered, names_deferred = :deferred
                where id = :id""",
                new MapSqlParameterSource("id", checkId).addValue("wanted", namesWanted).addValue("covered", namesCovered)
                        .addValue("deferred", namesDeferred));
    }

    /** Ends a check that is CHECKING and frees its account for the next; false when it had ended already. */
    public boolean endCheck(UUID checkId, String state, int certificatesOrdered, String message, Instant now) {
        return jdbc.update("""
                update certflow.autossl_check set state = :state, certificates_ordered = :ordered, message = :message,
                    in_flight_account_id = null, finished_at = :at
                where id = :id and state = 'CHECKING'""",
                new MapSqlParameterSource("id", checkId).addValue("state", state).addValue("ordered", certificatesOrdered)
                        .addValue("message", fitted(message, 1000)).addValue("at", timestamp(now))) == 1;
    }

    public long countChecking(UUID runId) {
        Long count = jdbc.queryForObject("select count(*) from certflow.autossl_check where run_id = :run and state = 'CHECKING'",
                new MapSqlParameterSource("run", runId), Long.class);
        return count == null ? 0 : count;
    }

    public void insertOrder(AutoSslOrder order, UUID runId, String tenantId, UUID accountId, int position, Instant now) {
        jdbc.update("""
                insert into certflow.autossl_order (id, check_id, run_id, tenant_id, account_id, certificate_id, request_id, domain, replaces_id,
                    position, created_at)
                values (:id, :check, :run, :tenant, :account, :certificate, :request, :domain, :replaces, :position, :at)""",
                new MapSqlParameterSource("id", order.id()).addValue("check", order.checkId()).addValue("run", runId)
                        .addValue("tenant", tenantId).addValue("account", accountId).addValue("certificate", order.certificateId())
                        .addValue("request", order.requestId()).addValue("domain", order.domain()).addValue("replaces", order.replacesId())
                        .addValue("position", position).addValue("at", timestamp(now)));
    }

    public List<AutoSslOrder> ordersOf(UUID checkId) {
        return jdbc.query("select * from certflow.autossl_order where check_id = :check order by position",
                new MapSqlParameterSource("check", checkId), (rs, row) -> new AutoSslOrder(rs.getObject("id", UUID.class),
                        rs.getObject("check_id", UUID.class), rs.getObject("certificate_id", UUID.class), rs.getObject("request_id", UUID.class),
                        rs.getString("domain"), rs.getObject("replaces_id", UUID.class)));
    }

    public Optional<AutoSslOrder> orderOfRequest(UUID requestId) {
        return jdbc.query("select * from certflow.autossl_order where request_id = :request", new MapSqlParameterSource("request", requestId),
                (rs, row) -> new AutoSslOrder(rs.getObject("id", UUID.class), rs.getObject("check_id", UUID.class),
                        rs.getObject("certificate_id", UUID.class), rs.getObject("request_id", UUID.class), rs.getString("domain"),
                        rs.getObject("replaces_id", UUID.class))).stream().findFirst();
    }

    /** Marks a certificate as the account's AutoSSL certificate. */
    public void markAutoSsl(UUID certificateId, UUID accountId) {
        jdbc.update("update certflow.certificate set autossl_account_id = :account where id = :id",
                new MapSqlParameterSource("id", certificateId).addValue("account", accountId));
    }

    public long countChecksInFlight(String tenantId) {
        Long count = jdbc.queryForObject("select count(*) from certflow.autossl_check where tenant_id = :tenant and state = 'CHECKING'",
                new MapSqlParameterSource("tenant", tenantId), Long.class);
        return count == null ? 0 : count;
    }

    /** The tenant's AutoSSL certificates still being issued. */
    public long countPending(String tenantId) {
        Long count = jdbc.queryForObject("""
                select count(*) from certflow.certificate where tenant_id = :tenant and autossl_account_id is not null
                and status in ('REQUESTED', 'AWAITING_APPROVAL', 'AWAITING_TERMS', 'VALIDATING', 'PROCESSING')""",
                new MapSqlParameterSource("tenant", tenantId), Long.class);
        return count == null ? 0 : count;
    }

    public boolean isAutoSsl(UUID certificateId) {
        Boolean autoSsl = jdbc.queryForObject("select autossl_account_id is not null from certflow.certificate where id = :id",
                new MapSqlParameterSource("id", certificateId), Boolean.class);
        return Boolean.TRUE.equals(autoSsl);
    }


    private static AutoSslRun mapRun(ResultSet rs, int row) throws SQLException {
        return new AutoSslRun(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getObject("account_id", UUID.class),
                rs.getString("account_name"), AutoSslRunReason.valueOf(rs.getString("reason")), AutoSslRunState.valueOf(rs.getString("state")),
                rs.getString("message"), rs.getString("requested_by"), rs.getString("cursor_name"), rs.getBoolean("paging_done"),
                rs.getInt("accounts_total"), rs.getInt("accounts_checked"), rs.getInt("certificates_ordered"), rs.getInt("names_deferred"),
                rs.getInt("failures"), rs.getString("process_instance_id"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static AutoSslCheck mapCheck(ResultSet rs, int row) throws SQLException {
        return new AutoSslCheck(rs.getObject("id", UUID.class), rs.getObject("run_id", UUID.class), rs.getString("tenant_id"),
                rs.getObject("account_id", UUID.class), rs.getString("state"), rs.getInt("names_wanted"), rs.getInt("names_covered"),
                rs.getInt("certificates_ordered"), rs.getInt("names_deferred"), rs.getString("message"), rs.getString("process_instance_id"),
                instant(rs, "created_at"), instant(rs, "finished_at"));
    }
}
