package io.certflow.renewal.ari;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Asks the CAs for renewal windows every check-interval (a round asks only about the certificates
 * that are due: new ones and those past their Retry-After). A Spring schedule rather than a BPMN
 * timer: a round is a few GET requests whose outcome is stored per certificate, with nothing for a
 * person to watch or retry by hand, and every node may run it (claims share the work).
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "certflow.renewal.ari.enabled", havingValue = "true", matchIfMissing = true)
class AriSchedule {

    private final AriChecks checks;

    AriSchedule(AriChecks checks) {
        this.checks = checks;
    }

    @Scheduled(initialDelayString = "${certflow.renewal.ari.check-interval:PT1M}", fixedDelayString = "${certflow.renewal.ari.check-interval:PT1M}")
    void checkDue() {
        checks.checkDue();
    }
}
