package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.crypto.Pem;
import io.certflow.it.support.AriProxy;
import io.certflow.it.support.AriProxy.NewOrder;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;
import io.certflow.renewal.ari.AriTimes;

/**
 * ACME Renewal Information against Pebble behind {@link AriProxy} (Pebble 2.4 has no ARI): Certflow asks
 * the CA for each managed certificate's window on its own schedule, keeps a time chosen inside it, renews
 * a certificate the CA wants replaced now even far outside the policy's window, and names the predecessor
 * in the renewal order. Each test has a tenant of its own, so that one test's Run Now renews nothing of another's.
 */
class AriIT extends CertflowIT {

    private static final Duration WITHIN = Duration.ofSeconds(120);

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AriTimes ariTimes;

    AriProxy proxy;

    @BeforeAll
    void aProxyWithRenewalInformationInFrontOfPebble() {
        proxy = new AriProxy(RealServers.pebble());
    }

    @AfterAll
    void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** An administrator of {@code tenant}, which has an ACME issuer at the proxy and a policy of one day: Pebble's certificates live for years. */
    private ApiClient tenantWithAriIssuer(String tenant) {
        ApiClient administrator = TenantUsers.administratorOf(identityService, baseUrl(), tenant, tenant + "admin", tenant + "-password-1");
        ApiClient.Response issuer = administrator.post("/api/issuers", Map.of("name", "ari-ca", "type", "ACME",
                "directoryUrl", proxy.directoryUrl(), "termsOfServiceAgreed", true, "trustAnchorPem", proxy.trustAnchorPem()));
        assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
        ApiClient.Response policy = administrator.put("/api/tenants/" + tenant + "/renewal-policy",
                Map.of("enabled", true, "windowDays", 1, "autoProvision", false));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        return administrator;
    }

    private JsonNode issue(ApiClient administrator, String tenant, String name) {
        ApiClient.Response accepted = administrator.post("/api/certificates", Map.of("tenant", tenant, "domains", List.of(name),
                "issuer", "ari-ca"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode certificate = administrator.awaitFinal(accepted.json().path("id").asText(), WITHIN);
        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        assertThat(Instant.parse(certificate.path("notAfter").asText())).as("far outside the policy's window of one day")
                .isAfter(Instant.now().plus(Duration.ofDays(30)));
        return certificate;
    }

    private Instant awaitAriTime(String certificateId) {
        return Awaitility.await("the CA asked about " + certificateId).atMost(WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> ariTimes.ariTime(UUID.fromString(certificateId)), Optional::isPresent).orElseThrow();
    }

    private String ariIdentifier(String certificateId) {
        String chain = jdbc.queryForObject("select chain_pem from certflow.certificate where id = ?", String.class, UUID.fromString(certificateId));
        return AriProxy.identifier(Pem.readCertificates(chain).get(0));
    }

    /** Waits for the run and the renewals it started; returns how many it started. */
    private int awaitRunFinished(ApiClient administrator, String tenant, ApiClient.Response run) {
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String runId = run.json().path("id").asText();
        JsonNode status = Awaitility.await("run " + runId).atMost(WITHIN)
                .until(() -> administrator.get("/api/tenants/" + tenant + "/renewal-status").json(),
                        s -> s.path("lastRun").path("id").asText().equals(runId) && s.path("lastRun").path("finishedAt").isTextual()
                                && s.path("renewalsInFlight").asLong() == 0);
        return status.path("lastRun").path("renewalsStarted").asInt();
    }

    private JsonNode awaitStatus(ApiClient administrator, String certificateId, String status) {
        return Awaitility.await(certificateId + " " + status).atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> administrator.get("/api/certificates/" + certificateId).json(), c -> c.path("status").asText().equals(status));
    }

    /** The orders the CA accepted for {@code name} (a nonce the CA refused makes acme4j send an order twice). */
    private List<NewOrder> acceptedOrders(String name) {
        return proxy.newOrdersFor(name).stream().filter(order -> order.status() == 201).toList();
    }

    private long successors(String certificateId) {
        return jdbc.queryForObject("select count(*) from certflow.certificate where predecessor_id = ?", Long.class, UUID.fromString(certificateId));
    }

    @Test
    void aCertificateTheCaWantsReplacedNowIsRenewedByTheNextRunFarOutsideThePolicyWindowAndTheOrderNamesItsPredecessor() {
        String tenant = "aripast";
        String name = "www.aripast.test";
        ApiClient administrator = tenantWithAriIssuer(tenant);
        Instant now = Instant.now();
        proxy.window(name, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        String oldId = issue(administrator, tenant, name).path("id").asText();

        assertThat(awaitAriTime(oldId)).as("the time chosen inside the CA's window")
                .isBetween(now.minus(Duration.ofDays(2)).minusSeconds(1), now.minus(Duration.ofDays(1)));
        assertThat(awaitRunFinished(administrator, tenant, administrator.post("/api/tenants/" + tenant + "/renewal-runs", "{}")))
                .as("renewals the run started").isEqualTo(1);

        JsonNode superseded = awaitStatus(administrator, oldId, "SUPERSEDED");
        JsonNode successor = administrator.get("/api/certificates/" + superseded.path("successorId").asText()).json();
        assertThat(successor.path("status").asText()).isEqualTo("ISSUED");
        assertThat(successor.path("predecessorId").asText()).isEqualTo(oldId);
        assertThat(acceptedOrders(name)).as("the issuance, then the renewal naming the certificate it replaces")
                .extracting(NewOrder::replaces).containsExactly(null, ariIdentifier(oldId));
    }

    @Test
    void aCertificateWhoseWindowIsInTheFutureIsLeftAloneAndItsTimeIsKeptUntilTheCaMovesTheWindow() {
        String tenant = "arifuture";
        String name = "www.arifuture.test";
        ApiClient administrator = tenantWithAriIssuer(tenant);
        Instant now = Instant.now();
        proxy.window(name, now.plus(Duration.ofDays(10)), now.plus(Duration.ofDays(12)));
        String id = issue(administrator, tenant, name).path("id").asText();

        Instant chosen = awaitAriTime(id);
        assertThat(chosen).isBetween(now.plus(Duration.ofDays(10)).minusSeconds(1), now.plus(Duration.ofDays(12)));
        assertThat(jdbc.queryForObject("select next_check_at from certflow.certificate_ari where certificate_id = ?", Timestamp.class,
                UUID.fromString(id)).toInstant()).as("asked again after the CA's Retry-After of three hours")
                .isBetween(now.plus(Duration.ofHours(3)), Instant.now().plus(Duration.ofHours(3)));
        assertThat(awaitRunFinished(administrator, tenant, administrator.post("/api/tenants/" + tenant + "/renewal-runs", "{}")))
                .as("renewals the run started").isZero();
        assertThat(administrator.get("/api/certificates/" + id).json().path("status").asText()).isEqualTo("ISSUED");
        assertThat(successors(id)).isZero();

        String identifier = ariIdentifier(id);
        long asked = proxy.renewalInfoRequests().stream().filter(identifier::equals).count();
        retryAfterPassed(id);
        Awaitility.await("asked again").atMost(WITHIN)
                .until(() -> proxy.renewalInfoRequests().stream().filter(identifier::equals).count() > asked);
        Awaitility.await("the answer stored").atMost(WITHIN).until(() -> nextCheck(id).isAfter(Instant.now()));
        assertThat(ariTimes.ariTime(UUID.fromString(id))).as("the same window: the same time").contains(chosen);

        proxy.window(name, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)));
        retryAfterPassed(id);
        Instant moved = Awaitility.await("a time inside the moved window").atMost(WITHIN)
                .until(() -> ariTimes.ariTime(UUID.fromString(id)).orElseThrow(), time -> !time.equals(chosen));
        assertThat(moved).isBetween(now.minus(Duration.ofDays(3)).minusSeconds(1), now.minus(Duration.ofDays(2)));
    }

    /** As if the CA's Retry-After had run out (no test waits three hours). */
    private void retryAfterPassed(String certificateId) {
        jdbc.update("update certflow.certificate_ari set next_check_at = ? where certificate_id = ?",
                Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString(certificateId));
    }

    private Instant nextCheck(String certificateId) {
        return jdbc.queryForObject("select next_check_at from certflow.certificate_ari where certificate_id = ?", Timestamp.class,
                UUID.fromString(certificateId)).toInstant();
    }

    @Test
    void aCaThatSaysThePredecessorWasAlreadyReplacedGetsTheOrderOnceMoreWithoutItAndOneSuccessorIsIssued() {
        String tenant = "arireplaced";
        String name = "www.arireplaced.test";
        ApiClient administrator = tenantWithAriIssuer(tenant);
        Instant now = Instant.now();
        proxy.window(name, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        proxy.refuseReplacing(name);
        String oldId = issue(administrator, tenant, name).path("id").asText();
        awaitAriTime(oldId);

        assertThat(awaitRunFinished(administrator, tenant, administrator.post("/api/tenants/" + tenant + "/renewal-runs", "{}")))
                .as("renewals the run started").isEqualTo(1);

        JsonNode superseded = awaitStatus(administrator, oldId, "SUPERSEDED");
        assertThat(administrator.get("/api/certificates/" + superseded.path("successorId").asText()).json().path("status").asText())
                .isEqualTo("ISSUED");
        assertThat(successors(oldId)).isEqualTo(1);
        List<NewOrder> renewalOrders = proxy.newOrdersFor(name).stream().filter(order -> order.status() == 201 || order.status() == 409)
                .skip(1).toList();
        assertThat(renewalOrders).as("refused as already replaced, then accepted without replaces")
                .extracting(NewOrder::replaces, NewOrder::status).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ariIdentifier(oldId), 409), org.assertj.core.groups.Tuple.tuple(null, 201));
    }
}
