package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.PrometheusText;
import io.certflow.it.support.TenantUsers;

/**
 * An operator's Prometheus sees a renewal happen: a certificate from a private CA is issued and renewed by Run Now, and
 * /actuator/prometheus (read as a global administrator) counts the renewal, the superseded certificate and both issuances.
 * The probes answer anyone, without details; the metrics answer only global administrators.
 */
class MetricsIT extends CertflowIT {

    private static final String TENANT = "metricsco";
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final String SUCCEEDED = "certflow_renewals_succeeded_total{tenant=\"" + TENANT + "\"}";
    private static final String STARTED = "certflow_renewals_started_total{tenant=\"" + TENANT + "\"}";
    private static final String LATENCY_COUNT = "certflow_issuance_latency_seconds_count{issuer_type=\"PRIVATE_CA\"}";

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;

    ApiClient tenantAdministrator;
    ApiClient member;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void aTenantWithAPrivateCa() {
        tenantAdministrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "metricsmia", "metricsmia-password-1");
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, "metricsmax", "metricsmax-password-1");
        assertThat(tenantAdministrator.post("/api/issuers", Map.of("name", "metricsco-ca", "type", "PRIVATE_CA")).status()).isEqualTo(201);
    }

    private PrometheusText scrape() {
        ApiClient.Response response = admin().get("/actuator/prometheus");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private HttpResponse<String> anonymous(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRenewalByRunNowIsCountedWithTheSupersededCertificateAndTheIssuanceLatency() {
        PrometheusText before = scrape();
        ApiClient.Response accepted = tenantAdministrator.post("/api/certificates", Map.of("domains", List.of("www.metricsco.test"),
                "issuer", "metricsco-ca"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String oldId = accepted.json().path("id").asText();
        assertThat(tenantAdministrator.awaitFinal(oldId, WITHIN).path("status").asText()).isEqualTo("ISSUED");
        // As if issued 89 days ago with 90 days of validity: due for renewal.
        jdbc.update("update certflow.certificate set not_before = ?, not_after = ? where id = ?", Timestamp.from(Instant.now().minus(
                Duration.ofDays(89))), Timestamp.from(Instant.now().plus(Duration.ofDays(1))), UUID.fromString(oldId));
        assertThat(tenantAdministrator.put("/api/tenants/" + TENANT + "/renewal-policy", Map.of("enabled", true, "windowDays", 30,
                "autoProvision", false)).status()).isEqualTo(200);
        PrometheusText due = Awaitility.await("the tenant's renewal counters appear at 0").atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(this::scrape, text -> text.has(SUCCEEDED));
        assertThat(due.value(SUCCEEDED)).isZero();
        assertThat(due.value(STARTED)).isZero();
        assertThat(due.value("certflow_certificates_earliest_expiry_timestamp_seconds{tenant=\"" + TENANT + "\"}"))
                .as("the tenant's first expiry is the aged certificate's, within a day")
                .isBetween((double) Instant.now().getEpochSecond(), (double) Instant.now().plus(Duration.ofDays(1)).getEpochSecond());

        assertThat(member.post("/api/tenants/" + TENANT + "/renewal-runs", "{}").status()).isEqualTo(202);
        JsonNode superseded = tenantAdministrator.awaitStatus(oldId, WITHIN, "SUPERSEDED");
        assertThat(superseded.path("status").asText()).isEqualTo("SUPERSEDED");

        PrometheusText after = Awaitility.await("the renewal is counted").atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(this::scrape, text -> text.value(SUCCEEDED) >= 1);
        assertThat(after.value(SUCCEEDED)).as("renewals succeeded went up by one").isEqualTo(1);
        assertThat(after.value(STARTED)).isEqualTo(1);
        assertThat(after.value("certflow_renewals_failed_total{tenant=\"" + TENANT + "\"}")).isZero();
        assertThat(after.sum("certflow_certificates", "status=\"SUPERSEDED\""))
                .as("one more superseded certificate").isGreaterThanOrEqualTo(before.sum("certflow_certificates", "status=\"SUPERSEDED\"") + 1);
        assertThat(after.value(LATENCY_COUNT)).as("the certificate and its successor were issued: two latencies recorded")
                .isGreaterThanOrEqualTo(before.value(LATENCY_COUNT) + 2);
        assertThat(after.value("certflow_issuance_latency_seconds_bucket{issuer_type=\"PRIVATE_CA\",le=\"+Inf\"}"))
                .isEqualTo(after.value(LATENCY_COUNT));
        assertThat(after.names()).as("no label holds a certificate id or a domain name")
                .noneMatch(series -> series.contains(oldId) || series.contains("metricsco.test"));
    }

    @Test
    void theProbesAnswerWithoutCredentialsAndWithoutDetailsAndAGlobalAdministratorSeesTheReadinessChecks() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health")) {
            HttpResponse<String> response = anonymous(probe);
            assertThat(response.statusCode()).as(probe + ": " + response.body()).isEqualTo(200);
            JsonNode body = json.readTree(response.body());
            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.has("components") || body.has("details")).as(probe + " shows no details: " + response.body()).isFalse();
        }
        JsonNode readiness = admin().get("/actuator/health/readiness").json();
        assertThat(readiness.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(readiness.path("components").path("jobExecutor").path("status").asText()).isEqualTo("UP");
        assertThat(readiness.path("components").path("http01Responder").path("details").path("listening").asBoolean()).isTrue();
        assertThat(tenantAdministrator.get("/actuator/health/readiness").json().has("components"))
                .as("a tenant's administrator is no global administrator").isFalse();
    }

    @Test
    void theMetricsRefuseAnAnonymousCallerAndATenantMemberAndNothingElseOfTheActuatorIsServed() throws Exception {
        HttpResponse<String> anonymous = anonymous("/actuator/prometheus");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("certflow_");
        ApiClient.Response asMember = member.get("/actuator/prometheus");
        assertThat(asMember.status()).isEqualTo(403);
        assertThat(asMember.json().path("detail").asText()).contains("metricsmax").contains("global administrators");
        assertThat(tenantAdministrator.get("/actuator/prometheus").status()).as("a tenant administrator either").isEqualTo(403);
        for (String hidden : List.of("/actuator", "/actuator/env", "/actuator/beans", "/actuator/metrics", "/actuator/loggers")) {
            assertThat(admin().get(hidden).status()).as(hidden).isEqualTo(404);
        }
    }
}
