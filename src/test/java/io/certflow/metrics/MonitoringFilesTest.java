package io.certflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.certflow.issuance.CertificateIssued;
import io.certflow.issuer.IssuerType;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The alert rules and the dashboard in monitoring/ use only series Certflow exports: the names are read from a
 * Prometheus registry with Certflow's meters bound (every per-tenant family present), not from a list kept by hand.
 * (PrometheusRulesIT has promtool check the rules' syntax.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringFilesTest {

    private static final Pattern METRIC = Pattern.compile("\\bcertflow_[a-z0-9_]+");
    private static final Path ALERTS = Path.of("monitoring/prometheus/alerts.yml");
    private static final Path DASHBOARD = Path.of("monitoring/grafana/certflow-dashboard.json");

    Set<String> exported;

    @BeforeAll
    void scrapeARegistryWithCertflowsMeters() {
        NamedParameterJdbcTemplate jdbc = InMemoryDatabase.migrated();
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        UUID issuer = UUID.randomUUID();
        Timestamp at = Timestamp.from(now);
        jdbc.update("insert into certflow.issuer (id, tenant_id, name, type, terms_required_url, created_at) values (:id, 't', 'acme', 'ACME', 'https://ca.test/tos', :at)",
                Map.of("id", issuer, "at", at));
        jdbc.update("""
                insert into certflow.autossl_settings (tenant_id, provider_issuer_id, default_enabled, replace_non_autossl, user_level,
                    admin_level, updated_at) values ('t', :i, true, false, 'ALL', 'ALL', :at)""", Map.of("i", issuer, "at", at));
        UUID certificate = UUID.randomUUID();
        jdbc.update("""
                insert into certflow.certificate (id, tenant_id, key_type, status, source, auto_managed, not_after, created_at, updated_at)
                values (:id, 't', 'EC_P256', 'ISSUED', 'ISSUED', true, :at, :at, :at)""", Map.of("id", certificate, "at", at));
        jdbc.update("insert into certflow.renewal_policy (tenant_id, enabled, window_days, auto_provision, updated_at) values ('t', true, 30, false, :at)",
                Map.of("at", at));
        jdbc.update("""
                insert into certflow.autossl_run (id, tenant_id, reason, state, paging_done, accounts_total, accounts_checked,
                    certificates_ordered, names_deferred, failures, started_at) values (:id, 't', 'NIGHTLY', 'FINISHED', true, 0, 0, 0, 0, 0, :at)""",
                Map.of("id", UUID.randomUUID(), "at", at));
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MutableClock clock = new MutableClock(now);
        new CertflowMetrics(new MetricsQueries(jdbc, beans.getBeanProvider(EngineBacklog.class), clock), Duration.ofSeconds(30), clock)
                .bindTo(registry);
        new IssuanceLatency(registry).issued(new CertificateIssued("t", certificate, IssuerType.ACME, now.minusSeconds(40), now));
        registry.scrape();
        exported = Arrays.stream(registry.scrape().split("\n"))
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
        assertThat(exported).as("the tenant's families were registered by the first scrape")
                .contains("certflow_certificates_earliest_expiry_timestamp_seconds", "certflow_renewals_failed_total", "certflow_autossl_paused",
                        "certflow_autossl_names_wanted", "certflow_issuance_latency_seconds_bucket");
    }

    private static List<String> metricsIn(String expression) {
        List<String> names = new ArrayList<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertRuleUsesOnlyMetricsCertflowExportsAndTheIssuesAlertsAreThere() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(ALERTS));
        List<Map<String, Object>> rules = ((List<Map<String, Object>>) file.get("groups")).stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream()).toList();
        for (Map<String, Object> rule : rules) {
            String expr = String.valueOf(rule.get("expr"));
            assertThat(metricsIn(expr)).as(rule.get("alert") + ": " + expr).isNotEmpty().allSatisfy(name -> assertThat(exported).contains(name));
        }
        String all = rules.stream().map(rule -> String.valueOf(rule.get("expr"))).collect(Collectors.joining("\n"));
        assertThat(all).contains("certflow_certificates_expiring", "certflow_renewals_failed_total", "certflow_incidents_open",
                "certflow_jobs_due", "certflow_autossl_paused");
    }

    @Test
    void everyDashboardPanelQueriesOnlyMetricsCertflowExports() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
        for (String expr : expressions) {
            assertThat(metricsIn(expr)).as(expr).isNotEmpty().allSatisfy(name -> assertThat(exported).contains(name));
        }
    }
}
