package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowProcess;
import io.certflow.it.support.PostgresServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.RenewalFacts;

/**
 * Two Certflow nodes (JVMs of their own, each with its own data directory and ports, the same
 * key-encryption key) on one PostgreSQL renew 200 due certificates of a private CA: told Run Now at
 * the same moment, they renew each certificate exactly once; and when one of them is killed
 * (SIGKILL) in the middle of a run, the other finishes every renewal. Everything is counted in the
 * database: successors, superseded predecessors, the engine's history and incidents.
 *
 * <p>The certificates are issued over the API by the private CA, then made due by moving their
 * validity into the past in the database (as RenewalIT does: no CA backdates and no test waits for
 * weeks). The renewals issue real successors through the same CA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RenewalTwoNodesIT {

    private static final int CERTIFICATES = 200;
    private static final String PASSWORD = "two-nodes-it-admin-password";
    private static final String ISSUER = "twonodes-ca";
    private static final String TENANT = "default";
    private static final Duration ALL_RENEWED_WITHIN = Duration.ofMinutes(5);

    private PostgresServer postgres;
    private RenewalFacts facts;
    private final List<CertflowProcess> nodes = new ArrayList<>();
    private final List<ApiClient> clients = new ArrayList<>();

    @BeforeAll
    void twoNodesOnOnePostgres() throws Exception {
        postgres = PostgresServer.fromEnvironment();
        PostgresServer.Database database = postgres.createDatabase("certflow_two_nodes");
        facts = new RenewalFacts(database);
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        // Both nodes read the keys of the one CA, so both have the one key-encryption key.
        Map<String, String> env = Map.of("CERTFLOW_ADMIN_PASSWORD", PASSWORD, "CERTFLOW_KEK", Base64.getEncoder().encodeToString(kek));
        for (String name : List.of("a", "b")) {
            Path dataDir = Files.createTempDirectory("certflow-two-nodes-" + name);
            int port = RealServers.freePort();
            CertflowProcess node = new CertflowProcess(port, dataDir.resolve("certflow.log"), env,
                    CertflowProcess.onPostgres(database, dataDir, RealServers.freePort(),
                            // A killed node's jobs are taken over by the other once their lock expires; a node
                            // acquires no more than it starts within that time, else the other node would take
                            // (and run a second time) jobs still waiting in its queue.
                            "--camunda.bpm.job-execution.lock-time-in-millis=10000",
                            "--camunda.bpm.job-execution.queue-capacity=10",
                            "--camunda.bpm.job-execution.max-jobs-per-acquisition=10",
                            // Two nodes (and whatever else runs) share PostgreSQL's 100 connection slots.
                            "--camunda.bpm.job-execution.core-pool-size=10", "--camunda.bpm.job-execution.max-pool-size=10",
                            "--spring.datasource.hikari.maximum-pool-size=16",
                            // Several pages per run, so that a kill can come while the run still pages.
                            "--certflow.renewal.page-size=50",
                            // Renewals begin 5 s after their run started (the default 20 s would only slow the test).
                            "--certflow.renewal.start-delay=PT5S"));
            nodes.add(node);
            ApiClient client = new ApiClient("http://127.0.0.1:" + port, "admin", PASSWORD);
            clients.add(client);
            // One after the other: the first start creates the schema, the tenant and the administrator.
            node.start(client, Duration.ofSeconds(180));
        }
        ApiClient.Response issuer = clients.get(0).post("/api/issuers", Map.of("tenant", TENANT, "name", ISSUER, "type", "PRIVATE_CA"));
        assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
        ApiClient.Response policy = clients.get(1).put("/api/tenants/" + TENANT + "/renewal-policy",
                Map.of("enabled", true, "windowDays", 30, "autoProvision", true));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
    }

    @AfterAll
    void stopTheNodes() throws Exception {
        for (CertflowProcess node : nodes) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void twoNodesToldToRunNowAtTheSameMomentRenewEachDueCertificateExactlyOnce() throws Exception {
        List<UUID> due = issueAndMakeDue("same-moment");

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService askers = Executors.newFixedThreadPool(2);
        List<Future<ApiClient.Response>> runs = new ArrayList<>();
        for (ApiClient client : clients) {
            runs.add(askers.submit(() -> {
                go.await();
                return client.post("/api/tenants/" + TENANT + "/renewal-runs", "{}");
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<ApiClient.Response> run : runs) {
            ApiClient.Response answer = run.get(60, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        }
        askers.shutdown();

        awaitAllRenewed(due, start, 0, "both nodes");
        assertEachRenewedExactlyOnce(due);
        long started = 0;
        for (Future<ApiClient.Response> run : runs) {
            started += facts.single("select started from certflow.renewal_run where id = any(?::uuid[])",
                    List.of(run.get().json().path("id").asText()));
        }
        assertThat(started).as("renewals the two runs started together").isEqualTo(CERTIFICATES);
    }

    @Test
    @Order(2)
    void whenOneNodeIsKilledInTheMiddleOfARunTheOtherFinishesEveryRenewal() throws Exception {
        List<UUID> due = issueAndMakeDue("killed");
        CertflowProcess killed = nodes.get(0);

        long start = System.nanoTime();
        ApiClient.Response run = clients.get(0).post("/api/tenants/" + TENANT + "/renewal-runs", "{}");
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String runId = run.json().path("id").asText();
        Awaitility.await("a first renewal done before the planned kill").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> facts.inStatus(due, "SUPERSEDED") > 0);
        killed.kill();
        long killedAt = System.nanoTime();
        long renewedAtKill = facts.inStatus(due, "SUPERSEDED");
        System.out.printf(Locale.ROOT, "Killed node a %.1f s after Run Now: %d of %d renewed, renewals %s, run started %d so far%s%n",
                seconds(start, killedAt), renewedAtKill, CERTIFICATES, facts.renewalStates(due),
                facts.single("select started from certflow.renewal_run where id = any(?::uuid[])", List.of(runId)),
                facts.single("select count(*) from certflow.renewal_run where id = any(?::uuid[]) and finished_at is null", List.of(runId)) == 1
                        ? ", still paging" : ", done paging");
        assertThat(renewedAtKill).as("the kill must hit renewals in flight").isLessThan(CERTIFICATES);

        awaitAllRenewed(due, killedAt, renewedAtKill, "node b alone, after the kill");
        assertEachRenewedExactlyOnce(due);
        assertThat(facts.single("select count(*) from certflow.renewal_run where id = any(?::uuid[]) and finished_at is not null", List.of(runId)))
                .as("the killed node's run was finished by the other node").isEqualTo(1);
        System.out.printf(Locale.ROOT, "Run Now to all %d renewed, kill included: %.1f s%n", CERTIFICATES, seconds(start, System.nanoTime()));
    }

    /** Issues the certificates over the API (through both nodes), waits until all are ISSUED and makes them due. */
    private List<UUID> issueAndMakeDue(String prefix) throws Exception {
        ExecutorService requesters = Executors.newFixedThreadPool(8);
        List<Future<UUID>> requested = new ArrayList<>();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < CERTIFICATES; i++) {
            ApiClient client = clients.get(i % clients.size());
            String name = prefix + "-" + i + "-" + suffix + ".two-nodes.test";
            Callable<UUID> request = () -> {
                ApiClient.Response accepted = client.post("/api/certificates", Map.of("tenant", TENANT, "domains", List.of(name),
                        "issuer", ISSUER));
                assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
                return UUID.fromString(accepted.json().path("id").asText());
            };
            requested.add(requesters.submit(request));
        }
        List<UUID> ids = new ArrayList<>();
        for (Future<UUID> future : requested) {
            ids.add(future.get(120, TimeUnit.SECONDS));
        }
        requesters.shutdown();
        Awaitility.await("the " + CERTIFICATES + " certificates issued").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> facts.statuses(ids), statuses -> statuses.getOrDefault("ISSUED", 0L) == CERTIFICATES);
        facts.makeDue(ids);
        return ids;
    }

    /** Waits (bounded) until every certificate is superseded and nothing runs any more; prints the figures. */
    private void awaitAllRenewed(List<UUID> due, long since, long renewedBefore, String who) {
        try {
            Awaitility.await("all " + CERTIFICATES + " renewed and nothing running").atMost(ALL_RENEWED_WITHIN)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> facts.inStatus(due, "SUPERSEDED") == CERTIFICATES && facts.renewalStates(due).get("in flight") == 0
                            && facts.runningProcesses() == 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\ncertificates " + facts.statuses(due) + ", successors " + facts.successorStatuses(due)
                    + ", renewals " + facts.renewalStates(due) + ", renewal processes " + facts.renewalProcessEnds(due)
                    + ", running instances " + facts.runningProcesses() + ", incidents " + facts.incidents()
                    + "\nlast lines of the surviving node's log:\n" + nodes.get(1).tail(), e);
        }
        double took = seconds(since, System.nanoTime());
        System.out.printf(Locale.ROOT, "%d certificates renewed by %s in %.1f s: %.1f renewals/s%n", CERTIFICATES - renewedBefore, who,
                took, (CERTIFICATES - renewedBefore) / took);
    }

    private void assertEachRenewedExactlyOnce(List<UUID> due) throws Exception {
        assertThat(facts.statuses(due)).as("the predecessors").isEqualTo(Map.of("SUPERSEDED", (long) CERTIFICATES));
        assertThat(facts.successorStatuses(due)).as("certificates whose predecessor is one of them")
                .isEqualTo(Map.of("ISSUED", (long) CERTIFICATES));
        assertThat(facts.withSeveralSuccessors(due)).as("certificates with two successors").isZero();
        assertThat(facts.supersededWithoutTheirSuccessor(due)).as("predecessors whose successorId is not their successor").isZero();
        assertThat(facts.renewalProcessEnds(due)).as("CertificateRenewalProcess instances by the event they ended at")
                .isEqualTo(Map.of("EndEvent_Renewed", (long) CERTIFICATES));
        assertThat(facts.notRenewedByExactlyOneProcess(due)).as("certificates without exactly one renewal process").isZero();
        assertThat(facts.renewalStates(due)).as("renewal rows").isEqualTo(Map.of("RENEWED", (long) CERTIFICATES, "in flight", 0L));
        assertThat(facts.incidents()).as("incidents").isZero();
        Set<String> serials = new HashSet<>();
        for (X509Certificate[] leafAndIntermediate : facts.successorLeavesWithTheirIntermediate(due)) {
            // A real successor: signed by the private CA's intermediate, each with a serial of its own.
            leafAndIntermediate[0].verify(leafAndIntermediate[1].getPublicKey());
            serials.add(leafAndIntermediate[0].getSerialNumber().toString(16));
        }
        assertThat(serials).as("distinct serials of successors signed by the CA").hasSize(CERTIFICATES);
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
