package io.certflow.autossl.log;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.jdbc.Columns;

/** The events of AutoSSL runs (autossl_event) and what the logs need of the runs (autossl_run, read only). */
@Repository
public class RunLogStore {

    /** Rows fetched at a time when a log is written: a run over thousands of accounts has tens of thousands of events. */
    static final int FETCH_SIZE = 500;

    private final NamedParameterJdbcTemplate jdbc;

    public RunLogStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insertEvent(UUID runId, String tenantId, Instant at, String account, String name, RunLogLevel level, String message) {
        jdbc.update("""
                insert into certflow.autossl_event (run_id, tenant_id, at, account, name, level, message)
                values (:run, :tenant, :at, :account, :name, :level, :message)""",
                new MapSqlParameterSource("run", runId).addValue("tenant", tenantId).addValue("at", Columns.timestamp(at))
                        .addValue("account", account).addValue("name", name).addValue("level", level.name()).addValue("message", message));
    }

    public Optional<RunLogRun> findRun(UUID runId) {
        return jdbc.query("select * from certflow.autossl_run where id = :id", new MapSqlParameterSource("id", runId), RunLogStore::run)
                .stream().findFirst();
    }

    /**
     * Hands each event of the run to {@code action} in order, fetching a few hundred rows at a time. PostgreSQL fetches
     * in pieces only inside a transaction: call it in one.
     */
    public void forEachEvent(UUID runId, Consumer<RunLogEvent> action) {
        jdbc.getJdbcTemplate().query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "select seq, at, account, name, level, message from certflow.autossl_event where run_id = ? order by seq");
            statement.setFetchSize(FETCH_SIZE);
            statement.setObject(1, runId);
            return statement;
        }, (ResultSet rs) -> {
            action.accept(new RunLogEvent(rs.getLong("seq"), Columns.instant(rs, "at"), rs.getString("account"), rs.getString("name"),
                    RunLogLevel.valueOf(rs.getString("level")), rs.getString("message")));
        });
    }

    private static final String KEPT = """
            tenant_id = :tenant and (state = 'RUNNING' or coalesce(finished_at, started_at) >= :keptSince)""";

    /** The tenant's runs still running or ended at {@code keptSince} or later, newest first. */
    public List<RunLogRun> listRuns(String tenantId, Instant keptSince, int offset, int limit) {
        return jdbc.query("select * from certflow.autossl_run where " + KEPT
                        + " order by started_at desc, id offset :offset rows fetch next :limit rows only",
                kept(tenantId, keptSince).addValue("offset", offset).addValue("limit", limit), RunLogStore::run);
    }

    public long countRuns(String tenantId, Instant keptSince) {
        Long count = jdbc.queryForObject("select count(*) from certflow.autossl_run where " + KEPT, kept(tenantId, keptSince), Long.class);
        return count == null ? 0 : count;
    }

    private static MapSqlParameterSource kept(String tenantId, Instant keptSince) {
        return new MapSqlParameterSource("tenant", tenantId).addValue("keptSince", Columns.timestamp(keptSince));
    }

    /** How many events each of the runs has; a run with none is missing from the answer. */
    public Map<UUID, Long> eventCounts(Collection<UUID> runIds) {
        Map<UUID, Long> counts = new HashMap<>();
        if (runIds.isEmpty()) {
            return counts;
        }
        jdbc.query("select run_id, count(*) as events from certflow.autossl_event where run_id in (:runs) group by run_id",
                new MapSqlParameterSource("runs", runIds),
                (ResultSet rs) -> {
                    counts.put(rs.getObject("run_id", UUID.class), rs.getLong("events"));
                });
        return counts;
    }

    /** Runs that ended before {@code cutoff} and still have events, oldest first. */
    public List<UUID> endedBeforeWithEvents(Instant cutoff, int limit) {
        return jdbc.queryForList("""
                select r.id from certflow.autossl_run r
                where r.state <> 'RUNNING' and coalesce(r.finished_at, r.started_at) < :cutoff
                  and exists (select 1 from certflow.autossl_event e where e.run_id = r.id)
                order by r.started_at, r.id fetch first :limit rows only""",
                new MapSqlParameterSource("cutoff", Columns.timestamp(cutoff)).addValue("limit", limit), UUID.class);
    }

    public int deleteEvents(UUID runId) {
        return jdbc.update("delete from certflow.autossl_event where run_id = :run", new MapSqlParameterSource("run", runId));
    }

    private static RunLogRun run(ResultSet rs, int row) throws SQLException {
        return new RunLogRun(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("account_name"), rs.getString("reason"),
                rs.getString("state"), rs.getString("message"), rs.getString("requested_by"), rs.getInt("accounts_total"),
                rs.getInt("accounts_checked"), rs.getInt("certificates_ordered"), rs.getInt("names_deferred"), rs.getInt("failures"),
                Columns.instant(rs, "started_at"), Columns.instant(rs, "finished_at"));
    }
}
