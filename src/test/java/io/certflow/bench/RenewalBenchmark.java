package io.certflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowProcess;
import io.certflow.it.support.PostgresServer;
import io.certflow.it.support.RealServers;

/**
 * Auto-renewal at scale: Certflow (its own JVM, {@code -Xmx512m}, on PostgreSQL) with 100,000 managed
 * certificates of a private CA in its inventory (see {@link RenewalInventory} for what is written
 * and why it is what Certflow would have written), a renewal policy with a 30-day window, and:
 * <ol>
 * <li>a warm-up: a few hundred certificates made due and renewed, not measured;</li>
 * <li>Run Now with nothing due, three times: from the POST to the run's finishedAt;</li>
 * <li>10,000 certificates made due, Run Now: from the POST until the run started all 10,000
 * renewals (its finishedAt), and until every one of them is renewed (SUPERSEDED);</li>
 * </ol>
 * and prints those times, renewals per second, Certflow's peak heap (from its GC log) and RSS, the
 * longest transaction any of its connections held open in each phase, CPU per renewal, and the
 * rows the engine (runtime and history) and Certflow added per renewal.
 *
 * <p>Run with {@code bash bench/renewal [certificates=100000] [due=10000] [warm-up=500]}.
 */
public final class RenewalBenchmark {

    private static final String PASSWORD = "renewal-benchmark-admin-password";
    private static final String TENANT = "default";
    private static final String ISSUER = "bench-ca";
    private static final int WINDOW_DAYS = 30;
    private static final Duration STALL = Duration.ofMinutes(3);

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int due = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        new RenewalBenchmark().run(count, due, warmUp);
    }

    private ApiClient admin;
    private Connection db;
    private RenewalReport report;

    private void run(int count, int due, int warmUp) throws Exception {
        Path dataDir = Files.createTempDirectory("certflow-renewal-bench");
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        int apiPort = RealServers.freePort();
        try (PostgresServer postgres = PostgresServer.fromEnvironment()) {
            PostgresServer.Database database = postgres.createDatabase("certflow_renewal_bench");
            Path gcLog = dataDir.resolve("gc.log");
            admin = new ApiClient("http://127.0.0.1:" + apiPort, "admin", PASSWORD);
            try (CertflowProcess certflow = new CertflowProcess(apiPort, dataDir.resolve("certflow.log"),
                    Map.of("CERTFLOW_ADMIN_PASSWORD", PASSWORD, "CERTFLOW_KEK", Base64.getEncoder().encodeToString(kek),
                            "JAVA_TOOL_OPTIONS", ("-Xlog:gc:file=" + gcLog + " " + System.getenv().getOrDefault("CERTFLOW_BENCH_JAVA_OPTS", "")).trim()),
                    CertflowProcess.onPostgres(database, dataDir, RealServers.freePort(), extraArguments()), "512m");
                 Connection connection = DatabaseWatch.connect(database)) {
                db = connection;
                System.out.println("Starting Certflow (-Xmx512m, PostgreSQL); its log: " + dataDir.resolve("certflow.log"));
                certflow.start(admin, Duration.ofSeconds(180));
                RenewalInventory inventory = setUp(kek, count, due + warmUp);
                report = new RenewalReport();
                try (DatabaseWatch watch = new DatabaseWatch(database)) {
                    if (warmUp > 0) {
                        System.out.printf("Warming up: %d certificates made due and renewed (not measured)...%n", warmUp);
                        renew(inventory.makeDue(0, warmUp), "warm-up", null);
                    }
                    watch.longestAndReset();
                    for (int i = 1; i <= 3; i++) {
                        report.decisions.add(decideWithNothingDue());
                    }
                    report.decisionLongest = watch.longestAndReset();
                    report.plan = CandidatePlans.of(db, TENANT, WINDOW_DAYS);
                    Map<String, Long> before = DatabaseWatch.rows(db);
                    List<UUID> dueIds = inventory.makeDue(warmUp, warmUp + due);
                    CpuAccount cpu = new CpuAccount(certflow.pid());
                    Map<String, Long> cpuBefore = cpu.snapshot();
                    report.renewals = renew(dueIds, "measured", watch);
                    report.cpuPerRenewal = CpuAccount.perCertificate(cpu.usedSince(cpuBefore), due);
                    report.rowsAdded = RowGrowth.between(before, DatabaseWatch.rows(db), due);
                    report.peakRss = certflow.peakMemory();
                }
                report.print(count, WINDOW_DAYS, extraArguments(), due, warmUp, gcLog, dataDir.resolve("certflow.log"));
            }
        }
    }

    static String[] extraArguments() {
        String extra = System.getenv().getOrDefault("CERTFLOW_BENCH_ARGS", "");
        return extra.isBlank() ? new String[0] : extra.trim().split("\\s+");
    }

    private RenewalInventory setUp(byte[] kek, int count, int dueLater) throws Exception {
        RenewalInventory inventory = RenewalInventory.withPrivateCa(admin, db, kek, TENANT, ISSUER, WINDOW_DAYS);
        System.out.printf("Filling the inventory with %,d managed certificates of %s (real chains and keys)...%n", count, ISSUER);
        long start = System.nanoTime();
        inventory.fillAndAnalyze(count, dueLater);
        System.out.printf("  took %.0f s%n", (System.nanoTime() - start) / 1e9);
        ApiClient.Response policy = admin.put("/api/tenants/" + TENANT + "/renewal-policy",
                Map.of("enabled", true, "windowDays", WINDOW_DAYS, "autoProvision", true));
        require(policy.status() == 200, "Cannot set the renewal policy: " + policy.body());
        return inventory;
    }

    /** One decision: the time from Run Now to the run's finishedAt as GET renewal-status shows it. */
    record Decision(Duration took, int eligible, int started, long eligibleNow) {
    }

    private Decision decideWithNothingDue() throws Exception {
        Instant asked = Instant.now();
        ApiClient.Response run = admin.post("/api/tenants/" + TENANT + "/renewal-runs", "{}");
        require(run.status() == 202, "Run Now was refused: " + run.body());
        String runId = run.json().path("id").asText();
        awaitRun(runId, Duration.ofMinutes(2));
        JsonNode status = admin.get("/api/tenants/" + TENANT + "/renewal-status").json();
        require(status.path("lastRun").path("id").asText().equals(runId), "Another run is the last one: " + status);
        Instant finished = Instant.parse(status.path("lastRun").path("finishedAt").asText());
        Decision decision = new Decision(Duration.between(asked, finished), status.path("lastRun").path("eligible").asInt(),
                status.path("lastRun").path("renewalsStarted").asInt(), status.path("eligibleNow").asLong());
        long inWindow = count("select count(*) from certflow.certificate where status = 'ISSUED' and auto_managed"
                + " and not_after <= now()::timestamp + interval '" + WINDOW_DAYS + " days'");
        System.out.printf(Locale.ROOT, "  Run Now with nothing due: %d ms (%d certificates inside the policy's window, none due yet;"
                + " eligible %d, started %d; eligible now %d)%n", decision.took().toMillis(), inWindow, decision.eligible(),
                decision.started(), decision.eligibleNow());
        return decision;
    }

    /** The times of one Run Now over due certificates. */
    record Renewals(int count, Duration toAllStarted, Duration toAllRenewed, int started, Map<String, Long> renewalStates,
                    Duration longestPage, DatabaseWatch.Longest longest, long incidents) {
    }

    private Renewals renew(List<UUID> ids, String phase, DatabaseWatch watch) throws Exception {
        String idList = ids.stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(","));
        Instant asked = Instant.now();
        ApiClient.Response run = admin.post("/api/tenants/" + TENANT + "/renewal-runs", "{}");
        require(run.status() == 202, "Run Now was refused: " + run.body());
        String runId = run.json().path("id").asText();
        awaitRun(runId, Duration.ofMinutes(10));
        Instant finished = Instant.parse(admin.get("/api/tenants/" + TENANT + "/renewal-status").json().path("lastRun").path("finishedAt").asText());
        int started = (int) count("select started from certflow.renewal_run where id = '" + runId + "'");
        System.out.printf(Locale.ROOT, "  %s: the run started %d renewals in %.1f s%n", phase, started, Duration.between(asked, finished).toMillis() / 1000.0);
        long renewed = 0;
        Instant lastProgress = Instant.now();
        while (renewed < ids.size()) {
            long now = count("select count(*) from certflow.certificate where status = 'SUPERSEDED' and id in (" + idList + ")");
            long ended = count("select count(*) from certflow.renewal where state in ('RENEWED', 'FAILED') and run_id = '" + runId + "'");
            if (now > renewed) {
                lastProgress = Instant.now();
            } else if (Duration.between(lastProgress, Instant.now()).compareTo(STALL) > 0 || ended == started && now < ids.size()) {
                throw new IllegalStateException(phase + ": " + now + " of " + ids.size() + " renewed, " + ended + " renewals ended, renewals "
                        + states(runId) + ", incidents " + count("select count(*) from act_ru_incident") + "; see Certflow's log");
            }
            renewed = now;
            Thread.sleep(500);
        }
        Instant allRenewed = lastSupersededAt(idList);
        awaitQuiet();
        Duration longestPage = watch == null ? Duration.ZERO : printPages(runId);
        Renewals renewals = new Renewals(ids.size(), Duration.between(asked, finished), Duration.between(asked, allRenewed), started,
                states(runId), longestPage, watch == null ? null : watch.longestAndReset(), count("select count(*) from act_ru_incident"));
        System.out.printf(Locale.ROOT, "  %s: all %d renewed %.1f s after Run Now: %.1f renewals/s%n", phase, ids.size(),
                renewals.toAllRenewed().toMillis() / 1000.0, ids.size() * 1000.0 / renewals.toAllRenewed().toMillis());
        return renewals;
    }

    /**
     * Each page of the run as the engine's history saw it: how long its job waited to be picked up
     * after the previous page ended, how long the page took (its job's transaction), and how many
     * renewals it started. Returns the longest page.
     */
    private Duration printPages(String runId) throws SQLException {
        StringBuilder line = new StringBuilder();
        double waited = 0;
        double longest = 0;
        int pages = 0;
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("""
                select coalesce(extract(epoch from a.start_time_ - lag(a.end_time_) over (order by a.start_time_)) * 1000, 0),
                       extract(epoch from a.end_time_ - a.start_time_) * 1000,
                       (select count(*) from certflow.renewal r join act_hi_procinst p on p.id_ = r.process_instance_id
                        where r.run_id = '%s' and p.start_time_ between a.start_time_ and a.end_time_)
                from act_hi_actinst a join certflow.renewal_run run on run.process_instance_id = a.proc_inst_id_
                where run.id = '%s' and a.act_id_ = 'Task_StartDueRenewals' order by a.start_time_""".formatted(runId, runId))) {
            while (rs.next()) {
                pages++;
                waited += rs.getDouble(1);
                longest = Math.max(longest, rs.getDouble(2));
                line.append(String.format(Locale.ROOT, " %.0f/%.0f/%d", rs.getDouble(1), rs.getDouble(2), rs.getInt(3)));
            }
        }
        System.out.printf(Locale.ROOT, "  the run's %d pages (job waited / page took, ms / renewals started):%n   %s%n", pages, line);
        System.out.printf(Locale.ROOT, "  longest page %.0f ms; the page jobs waited %.1f s in all%n", longest, waited / 1000);
        return Duration.ofMillis((long) longest);
    }

    /** When the last of them was superseded, by the database's own clock as Certflow wrote it. */
    private Instant lastSupersededAt(String idList) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                "select max(updated_at) from certflow.certificate where id in (" + idList + ")")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /** Bounded: until no process instance runs any more (the renewals' last steps after superseding). */
    private void awaitQuiet() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (count("select count(*) from act_ru_execution") > 0) {
            require(Instant.now().isBefore(deadline), "Process instances still run 2 minutes after the last renewal");
            Thread.sleep(200);
        }
    }

    private void awaitRun(String runId, Duration max) throws Exception {
        Instant deadline = Instant.now().plus(max);
        while (count("select count(*) from certflow.renewal_run where id = '" + runId + "' and finished_at is not null") == 0) {
            require(Instant.now().isBefore(deadline), "Run " + runId + " did not finish within " + max + "; see Certflow's log");
            Thread.sleep(20);
        }
    }

    private Map<String, Long> states(String runId) throws SQLException {
        Map<String, Long> states = new java.util.TreeMap<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                "select state, count(*) from certflow.renewal where run_id = '" + runId + "' group by state")) {
            while (rs.next()) {
                states.put(rs.getString(1), rs.getLong(2));
            }
        }
        return states;
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }
}
