package io.certflow.autossl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.certflow.autossl.AutoSslEligibility.Effective;
import io.certflow.autossl.AutoSslEligibility.Source;
import io.certflow.notification.NotificationLevel;

/** Whether AutoSSL covers an account, and what its contact is mailed: the rules the API and the runs share. */
class AutoSslEligibilityTest {

    private static final Instant NOW = Instant.parse("2031-05-04T10:00:00Z");

    private static Account account(AutoSslOverride override, NotificationLevel level) {
        return new Account(UUID.randomUUID(), "hosting", "alice", "alice@example.net", override, level, NOW, NOW);
    }

    private static AutoSslSettings tenant(boolean defaultEnabled, NotificationLevel userLevel) {
        return new AutoSslSettings("hosting", UUID.randomUUID(), defaultEnabled, false, userLevel, NotificationLevel.DEFAULT, "ann", NOW);
    }

    @Test
    void anAccountWithoutAnOverrideFollowsTheTenantsDefault() {
        assertThat(AutoSslEligibility.effective(account(null, null), tenant(true, NotificationLevel.DEFAULT)))
                .isEqualTo(new Effective(true, Source.DEFAULT));
        assertThat(AutoSslEligibility.effective(account(null, null), tenant(false, NotificationLevel.DEFAULT)))
                .isEqualTo(new Effective(false, Source.DEFAULT));
        assertThat(AutoSslEligibility.enabled(account(null, null), AutoSslSettings.defaults("hosting")))
                .as("a tenant that never saved settings").isTrue();
    }

    @Test
    void anOverrideBeatsTheDefaultEitherWay() {
        assertThat(AutoSslEligibility.effective(account(AutoSslOverride.ENABLE, null), tenant(false, NotificationLevel.DEFAULT)))
                .isEqualTo(new Effective(true, Source.OVERRIDE));
        assertThat(AutoSslEligibility.effective(account(AutoSslOverride.DISABLE, null), tenant(true, NotificationLevel.DEFAULT)))
                .isEqualTo(new Effective(false, Source.OVERRIDE));
    }

    @Test
    void aContactIsMailedAtTheAccountsOwnLevelElseTheTenantsAndNeverOnceTheAdministratorDisabledIt() {
        assertThat(account(null, null).userLevel(tenant(true, NotificationLevel.FAILURES_ONLY))).isEqualTo(NotificationLevel.FAILURES_ONLY);
        assertThat(account(null, NotificationLevel.ALL).userLevel(tenant(true, NotificationLevel.FAILURES_ONLY)))
                .isEqualTo(NotificationLevel.ALL);
        assertThat(account(null, NotificationLevel.ALL).userLevel(tenant(true, NotificationLevel.DISABLED)))
                .isEqualTo(NotificationLevel.DISABLED);
    }
}
