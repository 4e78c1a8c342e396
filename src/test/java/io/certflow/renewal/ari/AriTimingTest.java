package io.certflow.renewal.ari;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AriTimingTest {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant START = NOW.plus(Duration.ofDays(20));
    private static final Instant END = NOW.plus(Duration.ofDays(22));
    private final Random random = new Random(7);

    @Test
    void theTimeIsChosenInsideTheWindowAndATwoDayWindowSpreadsAThousandCertificatesOverManyHours() {
        Set<Long> hours = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Instant chosen = AriTiming.renewAt(START, END, null, random);
            assertThat(chosen).isBetween(START, END);
            hours.add(Duration.between(START, chosen).toHours());
        }
        assertThat(hours).as("hours of the 48 that got a renewal").hasSizeGreaterThan(40);
    }

    @Test
    void theChosenTimeIsKeptWhileTheCaSuggestsTheSameWindow() {
        Instant chosen = AriTiming.renewAt(START, END, null, random);

        for (int ask = 0; ask < 10; ask++) {
            assertThat(AriTiming.renewAt(START, END, new AriTiming.Known(START, END, chosen), random)).isEqualTo(chosen);
        }
    }

    @Test
    void aMovedWindowGetsATimeChosenInsideTheNewWindow() {
        Instant chosen = AriTiming.renewAt(START, END, null, random);
        Instant movedStart = NOW.minus(Duration.ofDays(2));
        Instant movedEnd = NOW.minus(Duration.ofDays(1));

        Instant again = AriTiming.renewAt(movedStart, movedEnd, new AriTiming.Known(START, END, chosen), random);

        assertThat(again).as("a window in the past: renew at the next run").isBetween(movedStart, movedEnd).isBefore(NOW);
    }

    @Test
    void theCaIsAskedAgainAfterItsRetryAfterHeldBetweenAMinuteAndADay() {
        assertThat(AriTiming.nextCheck(NOW, NOW.plus(Duration.ofHours(3)))).isEqualTo(NOW.plus(Duration.ofHours(3)));
        assertThat(AriTiming.nextCheck(NOW, NOW.plusSeconds(1))).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(AriTiming.nextCheck(NOW, NOW.minusSeconds(30))).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(AriTiming.nextCheck(NOW, NOW.plus(Duration.ofDays(30)))).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(AriTiming.nextCheck(NOW, null)).as("no Retry-After").isEqualTo(NOW.plus(Duration.ofHours(6)));
    }

    @Test
    void failedAsksBackOffFromAMinuteDoublingUpToSixHours() {
        List<Duration> waits = new ArrayList<>();
        for (int failures = 1; failures <= 12; failures++) {
            waits.add(Duration.between(NOW, AriTiming.backOff(NOW, failures)));
        }
        assertThat(waits.subList(0, 4)).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8));
        assertThat(waits.get(11)).isEqualTo(Duration.ofHours(6));
        assertThat(AriTiming.backOff(NOW, 1000)).isEqualTo(NOW.plus(Duration.ofHours(6)));
    }

    @Test
    void idsAreMergedInTheOrderTheDatabaseSortsThemNotInJavasSignedOrder() {
        UUID low = UUID.fromString("00000000-0000-4000-8000-000000000000");
        UUID high = UUID.fromString("f0000000-0000-4000-8000-000000000000");

        assertThat(high.compareTo(low)).as("Java compares the halves signed").isNegative();
        assertThat(AriTimes.DATABASE_ORDER.compare(high, low)).isPositive();
        assertThat(AriTimes.DATABASE_ORDER.compare(UUID.fromString("00000000-0000-4000-f000-000000000000"),
                UUID.fromString("00000000-0000-4000-8000-000000000000"))).isPositive();
    }
}
