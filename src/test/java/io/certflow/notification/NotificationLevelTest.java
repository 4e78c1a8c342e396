package io.certflow.notification;

import static io.certflow.notification.NotificationKind.DEFERRAL;
import static io.certflow.notification.NotificationKind.FAILURE;
import static io.certflow.notification.NotificationKind.SUCCESS;
import static io.certflow.notification.NotificationKind.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The promise each level makes, as the README states it. */
class NotificationLevelTest {

    private static final Map<NotificationLevel, Set<NotificationKind>> PROMISED = Map.of(
            NotificationLevel.ALL, EnumSet.of(FAILURE, WARNING, DEFERRAL, SUCCESS),
            NotificationLevel.FAILURES_WARNINGS_DEFERRALS, EnumSet.of(FAILURE, WARNING, DEFERRAL),
            NotificationLevel.FAILURES_ONLY, EnumSet.of(FAILURE),
            NotificationLevel.DISABLED, EnumSet.noneOf(NotificationKind.class));

    @Test
    void eachLevelMailsExactlyTheKindsItPromises() {
        for (NotificationLevel level : NotificationLevel.values()) {
            Set<NotificationKind> sent = Arrays.stream(NotificationKind.values()).filter(level::sends)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(NotificationKind.class)));
            assertThat(sent).as(level.name()).isEqualTo(PROMISED.get(level));
        }
        assertThat(PROMISED).as("every level is in the table").hasSize(NotificationLevel.values().length);
    }

    @Test
    void aTenantThatSetNothingHearsOfFailuresWarningsAndDeferralsButHasNobodyToMail() {
        assertThat(NotificationSettings.DEFAULT.level()).isEqualTo(NotificationLevel.FAILURES_WARNINGS_DEFERRALS);
        assertThat(NotificationSettings.DEFAULT.contacts()).isEmpty();
    }
}
