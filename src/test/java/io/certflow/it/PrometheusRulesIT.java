package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Prometheus itself accepts monitoring/prometheus/alerts.yml: Debian's promtool (package prometheus, installed by
 * .ci/services) checks every rule's syntax and PromQL. MonitoringFilesTest checks the metric names they use.
 */
class PrometheusRulesIT {

    @Test
    void promtoolAcceptsTheAlertRules() throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder("promtool", "check", "rules", "monitoring/prometheus/alerts.yml").redirectErrorStream(true).start();
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS: 8 rules found");
    }
}
