package io.certflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowProcess;
import io.certflow.it.support.PostgresServer;
import io.certflow.it.support.RealServers;

/**
 * AutoSSL at scale: Certflow (its own JVM, {@code -Xmx512m}, on PostgreSQL) with 2,000 hosting
 * accounts of 3 domains each (WEB and MAIL: three names per domain), written straight into the
 * database as the accounts API would have (so that no account's creation starts a run of its own),
 * a private CA as the provider, and:
 * <ol>
 * <li>a run over all accounts, as the nightly timer starts it: every domain gets a certificate;</li>
 * <li>a second run over the covered accounts: it must order nothing, in under a minute.</li>
 * </ol>
 * It prints each run's duration, the certificates it ordered and the certificates the CA issued,
 * Certflow's peak heap (GC log) and RSS, the longest transaction, and CPU per account.
 *
 * <p>Run with {@code bash bench/autossl [accounts=2000] [domains per account=3]}.
 */
public final class AutoSslBenchmark {

    private static final String PASSWORD = "autossl-benchmark-admin-password";
    private static final String TENANT = "default";
    private static final Duration STALL = Duration.ofMinutes(5);

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int domains = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        new AutoSslBenchmark().run(accounts, domains);
    }

    private ApiClient admin;
    private Connection db;

    private void run(int accounts, int domains) throws Exception {
        Path dataDir = Files.createTempDirectory("certflow-autossl-bench");
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        int apiPort = RealServers.freePort();
        try (PostgresServer postgres = PostgresServer.fromEnvironment()) {
            PostgresServer.Database database = postgres.createDatabase("certflow_autossl_bench");
            Path gcLog = dataDir.resolve("gc.log");
            admin = new ApiClient("http://127.0.0.1:" + apiPort, "admin", PASSWORD);
            try (CertflowProcess certflow = new CertflowProcess(apiPort, dataDir.resolve("certflow.log"),
                    Map.of("CERTFLOW_ADMIN_PASSWORD", PASSWORD, "CERTFLOW_KEK", Base64.getEncoder().encodeToString(kek),
                            "JAVA_TOOL_OPTIONS", ("-Xlog:gc:file=" + gcLog + " " + System.getenv().getOrDefault("CERTFLOW_BENCH_JAVA_OPTS", "")).trim()),
                    CertflowProcess.onPostgres(database, dataDir, RealServers.freePort(), RenewalBenchmark.extraArguments()), "512m");
                 Connection connection = DatabaseWatch.connect(database);
                 DatabaseWatch watch = new DatabaseWatch(database)) {
                db = connection;
                System.out.println("Starting Certflow (-Xmx512m, PostgreSQL); its log: " + dataDir.resolve("certflow.log"));
                certflow.start(admin, Duration.ofSeconds(180));
                setUp(accounts, domains);
                watch.longestAndReset();
                CpuAccount cpu = new CpuAccount(certflow.pid());
                Map<String, Long> cpuBefore = cpu.snapshot();
                Run first = runAll("first run (nothing covered yet)");
                long issued = count("select count(*) from certflow.certificate where status = 'ISSUED' and autossl_account_id is not null");
                Map<String, Double> cpuPerAccount = CpuAccount.perCertificate(cpu.usedSince(cpuBefore), accounts);
                DatabaseWatch.Longest firstLongest = watch.longestAndReset();
                Run second = runAll("second run (everything covered)");
                DatabaseWatch.Longest secondLongest = watch.longestAndReset();
                long issuedAfter = count("select count(*) from certflow.certificate where status = 'ISSUED' and autossl_account_id is not null");

                System.out.printf("%nCertflow AutoSSL benchmark: %,d accounts of %d domains (WEB and MAIL, 3 names each), a private CA as the"
                        + " provider, -Xmx512m, PostgreSQL%n", accounts, domains);
                print(first, firstLongest);
                System.out.printf("    AutoSSL certificates issued: %,d (%,d expected: one per domain)%n", issued, (long) accounts * domains);
                System.out.println("    CPU per account (ms, both cores together):");
                cpuPerAccount.forEach((who, ms) -> System.out.printf("      %-22s %6.1f%n", who, ms));
                print(second, secondLongest);
                System.out.printf("    AutoSSL certificates issued meanwhile: %,d%n", issuedAfter - issued);
                System.out.printf("  peak heap (GC log, before a collection): %s; peak RSS: %s; OutOfMemoryError in the log: %s%n",
                        GcLog.peakHeap(gcLog), certflow.peakMemory(),
                        Files.readString(dataDir.resolve("certflow.log")).contains("OutOfMemoryError") ? "YES" : "no");
                require(second.ordered == 0, "the second run ordered " + second.ordered + " certificates");
            }
        }
    }

    private void setUp(int accounts, int domains) throws Exception {
        ApiClient.Response issuer = admin.post("/api/issuers", Map.of("tenant", TENANT, "name", "bench-ca", "type", "PRIVATE_CA"));
        require(issuer.status() == 201, "Cannot create the issuer: " + issuer.body());
        ApiClient.Response provider = admin.put("/api/autossl/provider", Map.of("tenant", TENANT, "provider", "bench-ca"));
        require(provider.status() == 200, "Cannot choose the provider: " + provider.body());
        System.out.printf("Writing %,d accounts of %d domains each...%n", accounts, domains);
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement account = db.prepareStatement("""
                insert into certflow.hosting_account (id, tenant_id, name, contact_email, created_at, updated_at) values (?, ?, ?, ?, ?, ?)""");
             PreparedStatement domain = db.prepareStatement("""
                     insert into certflow.account_domain (id, account_id, tenant_id, name, services, position) values (?, ?, ?, ?, ?, ?)""")) {
            for (int a = 0; a < accounts; a++) {
                UUID id = UUID.randomUUID();
                String name = String.format("user%05d", a);
                account.setObject(1, id);
                account.setString(2, TENANT);
                account.setString(3, name);
                account.setString(4, name + "@hosting.bench.test");
                account.setTimestamp(5, now);
                account.setTimestamp(6, now);
                account.addBatch();
                for (int d = 0; d < domains; d++) {
                    domain.setObject(1, UUID.randomUUID());
                    domain.setObject(2, id);
                    domain.setString(3, TENANT);
                    domain.setString(4, "site" + d + "." + name + ".bench.test");
                    domain.setString(5, "WEB,MAIL");
                    domain.setInt(6, d);
                    domain.addBatch();
                }
                if (a % 500 == 499) {
                    account.executeBatch();
                    domain.executeBatch();
                }
            }
            account.executeBatch();
            domain.executeBatch();
        }
        try (var statement = db.createStatement()) {
            statement.execute("vacuum analyze certflow.hosting_account");
            statement.execute("vacuum analyze certflow.account_domain");
        }
    }

    private record Run(String what, Duration took, int checked, int total, int ordered, int deferred, int failures, String state) {
    }

    private Run runAll(String what) throws Exception {
        System.out.println("Run over all accounts: " + what + "...");
        Instant asked = Instant.now();
        ApiClient.Response started = admin.post("/api/autossl/runs", Map.of("tenant", TENANT, "all", true));
        require(started.status() == 202, "Cannot start a run: " + started.body());
        String id = started.json().path("id").asText();
        JsonNode run = started.json();
        int lastChecked = -1;
        Instant lastProgress = Instant.now();
        while (run.path("state").asText().equals("RUNNING")) {
            Thread.sleep(1000);
            run = admin.get("/api/autossl/runs/" + id).json();
            int checked = run.path("accountsChecked").asInt();
            if (checked != lastChecked) {
                lastChecked = checked;
                lastProgress = Instant.now();
                System.out.printf("  %5.0f s: %,d of %,d accounts checked, %,d certificates ordered%n",
                        Duration.between(asked, Instant.now()).toMillis() / 1000.0, checked, run.path("accountsTotal").asInt(),
                        run.path("certificatesOrdered").asInt());
            }
            require(Duration.between(lastProgress, Instant.now()).compareTo(STALL) < 0, "the run made no progress for " + STALL + ": " + run);
        }
        Instant finished = Instant.parse(run.path("finishedAt").asText());
        return new Run(what, Duration.between(Instant.parse(run.path("startedAt").asText()), finished), run.path("accountsChecked").asInt(),
                run.path("accountsTotal").asInt(), run.path("certificatesOrdered").asInt(), run.path("namesDeferred").asInt(),
                run.path("failures").asInt(), run.path("state").asText());
    }

    private static void print(Run run, DatabaseWatch.Longest longest) {
        System.out.printf("  %s: %s in %.1f s: %,d of %,d accounts checked, %,d certificates ordered, %,d names deferred, %,d failures%n",
                run.what(), run.state(), run.took().toMillis() / 1000.0, run.checked(), run.total(), run.ordered(), run.deferred(),
                run.failures());
        System.out.println("    longest transaction meanwhile: " + longest.millis() + " ms" + (longest.query() == null ? "" : " (" + longest.query() + ")"));
    }

    private long count(String sql) throws Exception {
        try (var statement = db.createStatement(); var rs = statement.executeQuery(sql)) {
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
