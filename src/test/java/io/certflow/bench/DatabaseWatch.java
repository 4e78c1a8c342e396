package io.certflow.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.certflow.it.support.PostgresServer;

/**
 * What PostgreSQL sees of Certflow during the benchmark: the longest transaction any of Certflow's
 * connections held open (sampled five times a second from pg_stat_activity), and the rows of the
 * engine's and Certflow's tables.
 */
final class DatabaseWatch implements AutoCloseable {

    /** The benchmark's own connections say so, and are not watched. */
    static final String OWN = "certflow-benchmark";

    private final PostgresServer.Database database;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;
    private volatile Longest longest = new Longest(0, null);

    /** The longest transaction seen so far, in milliseconds, and what it ran when it was seen. */
    record Longest(long millis, String query) {
    }

    DatabaseWatch(PostgresServer.Database database) {
        this.database = database;
        this.sampler = new Thread(this::sample, "transaction-watch");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** The longest transaction since the last call, and starts counting afresh. */
    Longest longestAndReset() {
        Longest seen = longest;
        longest = new Longest(0, null);
        return seen;
    }

    private void sample() {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            while (running.get()) {
                try (ResultSet rs = statement.executeQuery("""
                        select (extract(epoch from clock_timestamp() - xact_start) * 1000)::bigint,
                               state || coalesce(', waiting for ' || wait_event_type || ' ' || wait_event, '') || ': ' || left(query, 200)
                        from pg_stat_activity where datname = current_database() and xact_start is not null
                        and backend_type = 'client backend' and application_name <> '%s' and pid <> pg_backend_pid()
                        order by xact_start limit 1""".formatted(OWN))) {
                    if (rs.next() && rs.getLong(1) > longest.millis()) {
                        longest = new Longest(rs.getLong(1), rs.getString(2));
                    }
                }
                Thread.sleep(200);
            }
        } catch (SQLException e) {
            if (running.get()) {
                System.out.println("The transaction watch stopped: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rows per table of the engine's runtime (act_ru_*) and history (act_hi_*) and of Certflow's schema. */
    static Map<String, Long> rows(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("""
                select table_schema || '.' || table_name from information_schema.tables
                where table_type = 'BASE TABLE' and (table_schema = 'certflow' and table_name <> 'flyway_schema_history'
                      or table_schema = 'public' and (table_name like 'act\\_ru\\_%' or table_name like 'act\\_hi\\_%'))
                order by 1""")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
        }
        return rows;
    }

    /** The plan PostgreSQL runs a query with as Certflow sends it: prepared, planned once (the postgres profile's setting). */
    static String plan(Connection connection, String prepare, String execute) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement()) {
            statement.execute("set plan_cache_mode = force_generic_plan");
            statement.execute("prepare candidates_plan as " + prepare);
            try (ResultSet rs = statement.executeQuery("explain (analyze, buffers) execute candidates_plan " + execute)) {
                while (rs.next()) {
                    plan.append("    ").append(rs.getString(1)).append('\n');
                }
            }
            statement.execute("deallocate candidates_plan");
        }
        return plan.toString();
    }

    static Connection connect(PostgresServer.Database database) throws SQLException {
        Connection connection = database.connect();
        connection.setClientInfo("ApplicationName", OWN);
        return connection;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        sampler.join(2000);
    }
}
