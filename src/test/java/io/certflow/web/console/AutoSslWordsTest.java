package io.certflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.certflow.notification.NotificationLevel;

class AutoSslWordsTest {

    @Test
    void aDurationIsShownInItsTwoLargestUnits() {
        assertThat(AutoSslWords.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(AutoSslWords.duration(Duration.ofMinutes(20).plusSeconds(59))).isEqualTo("20 min");
        assertThat(AutoSslWords.duration(Duration.ofHours(3))).isEqualTo("3 h");
        assertThat(AutoSslWords.duration(Duration.ofMinutes(200))).isEqualTo("3 h 20 min");
        assertThat(AutoSslWords.duration(Duration.ofHours(30))).isEqualTo("1 d 6 h");
        assertThat(AutoSslWords.duration(Duration.ofDays(3))).isEqualTo("3 d");
        assertThat(AutoSslWords.duration(Duration.ofSeconds(-5))).as("a clock a little behind").isEqualTo("0 s");
    }

    @Test
    void aRunsTriggerSaysWhyItRanAndWhoAsked() {
        assertThat(AutoSslWords.trigger("NIGHTLY", null, null)).isEqualTo("nightly run");
        assertThat(AutoSslWords.trigger("ALL", null, "ada")).isEqualTo("all users by ada");
        assertThat(AutoSslWords.trigger("ACCOUNT", "shop1", "mel")).isEqualTo("check of shop1 by mel");
        assertThat(AutoSslWords.trigger("ACCOUNT_CREATED", "shop1", "ada")).isEqualTo("account shop1 created by ada");
    }

    @Test
    void everyNotificationLevelHasItsWordsAndTimesAreInUtcToTheSecond() {
        for (NotificationLevel level : NotificationLevel.values()) {
            assertThat(AutoSslWords.level(level)).as(level.name()).isNotBlank();
        }
        assertThat(AutoSslWords.time(Instant.parse("2030-03-01T03:00:01.500Z"))).isEqualTo("2030-03-01 03:00:01 UTC");
        assertThat(AutoSslWords.time(null)).isNull();
    }
}
