package io.certflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowProcess;
import io.certflow.it.support.PebbleServer;
import io.certflow.it.support.PostgresServer;
import io.certflow.it.support.RealServers;

/**
 * Issues N certificates through the REST API against a local Pebble (PEBBLE_VA_NOSLEEP=1) with
 * Certflow on PostgreSQL, and prints throughput, request-to-issued latency and peak memory.
 * Latency is taken from the server's own timestamps (createdAt to the update that made the
 * certificate ISSUED), so the client's polling does not distort it.
 *
 * N above 200 is measured in rounds of 200, each against a Pebble of its own (see {@link Rounds});
 * the throughput is the certificates over the sum of the rounds' times.
 *
 * <p>Run with {@code bash bench/run [N] [client threads] [warm-up] [issuer]}.
 */
public final class IssuanceBenchmark {

    private static final String PASSWORD = "benchmark-admin-password";
    private static final String PEBBLE_ISSUER = "pebble";
    /** Certificates per Pebble, in the warm-up and in the measured run alike; see {@link Rounds}. */
    private static final int ROUND = 200;
    /** A round in which Pebble deadlocked is run again with a new Pebble, up to this many times in all. */
    private static final int ATTEMPTS = 5;

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        String issuerName = args.length > 3 ? args[3] : PEBBLE_ISSUER;
        benchmark(count, clients, warmUp, issuerName);
    }

    private static void benchmark(int count, int clients, int warmUp, String issuerName) throws Exception {
        int http01Port = RealServers.freePort();
        int apiPort = RealServers.freePort();
        Path dataDir = Files.createTempDirectory("certflow-bench");

        try (PostgresServer postgres = PostgresServer.fromEnvironment()) {
            PostgresServer.Database database = postgres.createDatabase("certflow_bench");
            ApiClient admin = new ApiClient("http://127.0.0.1:" + apiPort, "admin", PASSWORD);
            try (CertflowProcess certflow = new CertflowProcess(apiPort, dataDir.resolve("certflow.log"),
                    environment(), CertflowProcess.onPostgres(database, dataDir, http01Port,
                    "--logging.level.org.shredzone.acme4j=WARN"))) {
                certflow.start(admin, Duration.ofSeconds(120));
                Rounds rounds = new Rounds(admin, certflow.pid(), http01Port, dataDir, clients, issuerName);
                if (warmUp > 0) {
                    System.out.printf("Warming up with %d certificates...%n", warmUp);
                    rounds.run("warm", warmUp, round -> { });
                }
                Map<String, Long> cpuTotal = new LinkedHashMap<>();
                List<Round> measured = new ArrayList<>();
                rounds.run("c", count, round -> {
                    measured.add(round);
                    round.cpu().forEach((party, ticks) -> cpuTotal.merge(party, ticks, Long::sum));
                });
                report(certflow, count, clients, measured, CpuAccount.perCertificate(cpuTotal, count));
            }
        }
    }

    /** One round's certificates as they ended, the time from submitting to the last answer, and the CPU each party used. */
    record Round(List<JsonNode> finished, Duration submitting, Map<String, Long> cpu) {
    }

    /**
     * Runs certificates in rounds of {@link #ROUND}, each against a Pebble (and an issuer) of its own:
     * Pebble looks through every authorization it holds for each new order, so one Pebble for
     * everything would make each later order dearer for Pebble than for any real CA (and Pebble
     * 2.4.0's deadlock likelier). A round in which Pebble deadlocks (see {@link Stalls}) says nothing
     * about Certflow: it is left behind, its certificates retrying against a Pebble that is gone, and
     * run again with a new Pebble.
     *
     * <p>The warm-up runs this way too, not measured: class loading, the ACME account, each pooled
     * connection's prepared statements and above all the JIT (which takes most of both cores for the
     * first minute) do not count.
     */
    private record Rounds(ApiClient admin, long certflowPid, int http01Port, Path dataDir, int clients, String issuerName) {

        void run(String prefix, int count, Consumer<Round> done) throws Exception {
            for (int number = 1, left = count; left > 0; number++, left -= ROUND) {
                done.accept(round(prefix + number, Math.min(left, ROUND)));
            }
        }

        private Round round(String name, int size) throws Exception {
            for (int attempt = 1; ; attempt++) {
                try (PebbleServer pebble = PebbleServer.builder().http01Port(http01Port).start()) {
                    String issuer = issuerName.equals(PEBBLE_ISSUER) ? createIssuer(admin, "pebble-" + name + "-" + attempt, pebble) : issuerName;
                    Stalls stalls = new Stalls(pebble, dataDir);
                    CpuAccount cpu = new CpuAccount(certflowPid);
                    Map<String, Long> before = cpu.snapshot();
                    Instant start = Instant.now();
                    List<String> ids = submit(admin, size, clients, issuer, name + "-" + attempt + "-");
                    Duration submitting = Duration.between(start, Instant.now());
                    List<JsonNode> finished = new ArrayList<>();
                    for (String id : ids) {
                        finished.add(stalls.awaitFinal(admin, id));
                    }
                    return new Round(finished, submitting, cpu.usedSince(before));
                } catch (PebbleDeadlocked e) {
                    System.out.println(e.getMessage());
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                    System.out.printf("Running round %s again with a new Pebble (attempt %d of at most %d).%n", name, attempt + 1, ATTEMPTS);
                }
            }
        }
    }

    private static String createIssuer(ApiClient admin, String name, PebbleServer pebble) {
        ApiClient.Response issuer = admin.post("/api/issuers", Map.of("name", name, "type", "ACME",
                "directoryUrl", pebble.directoryUrl(), "termsOfServiceAgreed", true, "trustAnchorPem", pebble.trustAnchorPem()));
        if (issuer.status() != 201) {
            throw new IllegalStateException("Cannot create the issuer: " + issuer.body());
        }
        return name;
    }

    /**
     * CERTFLOW_BENCH_JFR=<file> records a flight recording of Certflow for profiling;
     * CERTFLOW_BENCH_JAVA_OPTS passes JVM options (e.g. -Dcamunda.bpm.history-level=activity) to try a setting.
     */
    private static Map<String, String> environment() {
        String jfr = System.getenv("CERTFLOW_BENCH_JFR");
        String options = System.getenv().getOrDefault("CERTFLOW_BENCH_JAVA_OPTS", "")
                + (jfr == null ? "" : " -XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        return options.isBlank()
                ? Map.of("CERTFLOW_ADMIN_PASSWORD", PASSWORD)
                : Map.of("CERTFLOW_ADMIN_PASSWORD", PASSWORD, "JAVA_TOOL_OPTIONS", options.trim());
    }

    /**
     * Pebble 2.4.0 (Debian's) can deadlock under this load, and then Certflow's jobs time out, retry and
     * finally raise incidents. Its handler for an authorization holds that authorization's write lock
     * while it waits for the read lock of the in-memory store; a new order holds the store's read lock
     * while it waits, in {@code FindValidAuthorization}, for each authorization's lock; once any write
     * to the store queues up between the two, no request is answered again. When no certificate
     * finishes for twenty seconds, Pebble's goroutine dump is saved and read: when it shows that
     * deadlock the round says nothing about Certflow and is run again with a new Pebble. A stall of two
     * minutes without it is Certflow's and ends the benchmark.
     */
    record Stalls(PebbleServer pebble, Path dataDir) {

        private static final Duration LIMIT = Duration.ofMinutes(2);
        /** Every run issues several certificates a second: this long without one is worth a look at Pebble. */
        private static final Duration LOOK_AFTER = Duration.ofSeconds(20);

        JsonNode awaitFinal(ApiClient admin, String id) throws Exception {
            for (Duration waited = Duration.ZERO; ; waited = waited.plus(LOOK_AFTER)) {
                try {
                    return admin.awaitFinal(id, LOOK_AFTER);
                } catch (AssertionError stalled) {
                    Path dump = dataDir.resolve("pebble-goroutines.log");
                    String log = pebble.goroutineDump();
                    Files.writeString(dump, log);
                    String stall = "No certificate finished for " + waited.plus(LOOK_AFTER) + " (" + stalled.getMessage() + ").";
                    if (deadlockedInFindValidAuthorization(log)) {
                        throw new PebbleDeadlocked(stall + " Pebble deadlocked: its goroutine dump, in " + dump
                                + ", has a new order waiting for an authorization's lock in FindValidAuthorization.");
                    }
                    if (waited.plus(LOOK_AFTER).compareTo(LIMIT) >= 0) {
                        throw new IllegalStateException(stall + " Pebble was not deadlocked (its goroutine dump is in " + dump
                                + "): look at Certflow's log, " + dataDir.resolve("certflow.log") + ", and its incidents.");
                    }
                }
            }
        }

        /** A goroutine blocked on a lock inside FindValidAuthorization: it holds the store's read lock. */
        static boolean deadlockedInFindValidAuthorization(String goroutineDump) {
            return Arrays.stream(goroutineDump.split("\\n\\s*\\n"))
                    .anyMatch(goroutine -> goroutine.startsWith("goroutine ") && goroutine.contains("[semacquire")
                            && goroutine.contains("db.(*MemoryStore).FindValidAuthorization"));
        }
    }

    private static final class PebbleDeadlocked extends IllegalStateException {
        PebbleDeadlocked(String message) {
            super(message);
        }
    }

    private static List<String> submit(ApiClient admin, int count, int clients, String issuerName, String prefix) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 6);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<String>> submitted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + i + "-" + runId + ".bench.test";
            submitted.add(pool.submit(() -> {
                ApiClient.Response response = admin.post("/api/certificates", Map.of("domains", List.of(name), "issuer", issuerName));
                if (response.status() != 202) {
                    throw new IllegalStateException("Request refused: " + response.body());
                }
                return response.json().path("id").asText();
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> future : submitted) {
            ids.add(future.get());
        }
        pool.shutdown();
        return ids;
    }

    private static void report(CertflowProcess certflow, int count, int clients, List<Round> rounds, Map<String, Double> cpuPerCertificate) {
        List<Long> latencies = new ArrayList<>();
        List<String> perRound = new ArrayList<>();
        double seconds = 0;
        double submitting = 0;
        int failed = 0;
        for (Round round : rounds) {
            Instant firstCreated = Instant.MAX;
            Instant lastIssued = Instant.MIN;
            int issued = 0;
            for (JsonNode certificate : round.finished()) {
                Instant created = Instant.parse(certificate.path("createdAt").asText());
                Instant updated = Instant.parse(certificate.path("updatedAt").asText());
                if (!certificate.path("status").asText().equals("ISSUED")) {
                    failed++;
                    continue;
                }
                issued++;
                latencies.add(Duration.between(created, updated).toMillis());
                firstCreated = created.isBefore(firstCreated) ? created : firstCreated;
                lastIssued = updated.isAfter(lastIssued) ? updated : lastIssued;
            }
            double roundSeconds = issued == 0 ? 0 : Duration.between(firstCreated, lastIssued).toMillis() / 1000.0;
            perRound.add(String.format(Locale.ROOT, "%.2f", issued / roundSeconds));
            seconds += roundSeconds;
            submitting += round.submitting().toMillis() / 1000.0;
        }
        Collections.sort(latencies);
        System.out.printf("""

                Certflow issuance benchmark
                  certificates requested:   %d (%d client threads, %d round(s) of at most %d, each with a Pebble of its own), issued %d, failed %d
                  submitting took:          %.1f s
                  first request to last issued, summed over the rounds: %.1f s
                  throughput:               %.2f certificates/s%s
                  request-to-issued p50:    %d ms
                  request-to-issued p95:    %d ms
                  request-to-issued max:    %d ms
                  peak memory (RSS) of Certflow: %s
                """,
                count, clients, rounds.size(), ROUND, latencies.size(), failed,
                submitting,
                seconds,
                latencies.size() / seconds, rounds.size() > 1 ? " (rounds: " + String.join(", ", perRound) + ")" : "",
                percentile(latencies, 50), percentile(latencies, 95), latencies.get(latencies.size() - 1),
                certflow.peakMemory());
        System.out.println("  CPU per certificate (ms, both cores together; includes the client's polling):");
        cpuPerCertificate.forEach((party, millis) -> System.out.printf("    %-22s %6.1f%n", party, millis));
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
