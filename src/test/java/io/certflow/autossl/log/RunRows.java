package io.certflow.autossl.log;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Rows of autossl_run as the runs (built elsewhere) leave them, for the logs' tests. */
final class RunRows {

    private RunRows() {
    }

    static UUID insert(NamedParameterJdbcTemplate jdbc, String tenant, String state, Instant startedAt, Instant finishedAt) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into certflow.autossl_run (id, tenant_id, account_name, reason, state, message, requested_by, paging_done,
                    accounts_total, accounts_checked, certificates_ordered, names_deferred, failures, started_at, finished_at)
                values (:id, :tenant, null, 'NIGHTLY', :state, null, null, true, 3, 3, 2, 1, 0, :started, :finished)""",
                new MapSqlParameterSource("id", id).addValue("tenant", tenant).addValue("state", state)
                        .addValue("started", Timestamp.from(startedAt)).addValue("finished", finishedAt == null ? null : Timestamp.from(finishedAt)));
        return id;
    }

    static void finish(NamedParameterJdbcTemplate jdbc, UUID runId, String state, Instant finishedAt, String message) {
        jdbc.update("update certflow.autossl_run set state = :state, finished_at = :finished, message = :message where id = :id",
                new MapSqlParameterSource("id", runId).addValue("state", state).addValue("finished", Timestamp.from(finishedAt))
                        .addValue("message", message));
    }

    static long events(NamedParameterJdbcTemplate jdbc, UUID runId) {
        return jdbc.queryForObject("select count(*) from certflow.autossl_event where run_id = :run", new MapSqlParameterSource("run", runId),
                Long.class);
    }
}
