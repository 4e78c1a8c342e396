package io.certflow.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RenewalWindowTest {

    private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void aWindowShorterThanHalfTheLifetimeAppliesAsTheTenantSetIt() {
        Instant expires = ISSUED.plus(Duration.ofDays(90));

        assertThat(RenewalWindow.effective(ISSUED, expires, 30)).isEqualTo(Duration.ofDays(30));
        assertThat(RenewalWindow.start(ISSUED, expires, 30)).isEqualTo(ISSUED.plus(Duration.ofDays(60)));
    }

    @Test
    void aSixDayCertificateUnderAThirtyOneDayPolicyRenewsAfterThreeDaysNotAtOnce() {
        Instant expires = ISSUED.plus(Duration.ofDays(6));

        assertThat(RenewalWindow.effective(ISSUED, expires, 31)).isEqualTo(Duration.ofDays(3));
        assertThat(RenewalWindow.start(ISSUED, expires, 31)).isEqualTo(ISSUED.plus(Duration.ofDays(3)));
    }

    @Test
    void theRenewalIsPlannedInTheFirstHalfOfTheWindowTheSameTimeOnEveryAsk() {
        Instant expires = ISSUED.plus(Duration.ofDays(90));
        for (int i = 0; i < 1000; i++) {
            UUID id = UUID.randomUUID();
            Instant planned = RenewalWindow.plannedAt(id, ISSUED, expires, 30);
            assertThat(planned).isBetween(ISSUED.plus(Duration.ofDays(60)), ISSUED.plus(Duration.ofDays(75)));
            assertThat(RenewalWindow.plannedAt(id, ISSUED, expires, 30)).isEqualTo(planned);
        }
    }

    @Test
    void aThousandCertificatesIssuedInOneMinuteAreSpreadOverTheWindowsFirstHalf() {
        Instant expires = ISSUED.plus(Duration.ofDays(90));
        Set<Long> hours = new HashSet<>();
        int firstQuarter = 0;
        for (int i = 0; i < 1000; i++) {
            Instant planned = RenewalWindow.plannedAt(UUID.randomUUID(), ISSUED, expires, 30);
            hours.add(Duration.between(ISSUED, planned).toHours());
            if (planned.isBefore(ISSUED.plus(Duration.ofDays(60)).plus(Duration.ofDays(15).dividedBy(4)))) {
                firstQuarter++;
            }
        }
        assertThat(hours).as("of the 360 hours of the first half, most are used").hasSizeGreaterThan(250);
        assertThat(firstQuarter).as("a quarter of the spread gets about a quarter of the certificates").isBetween(180, 320);
    }
}
