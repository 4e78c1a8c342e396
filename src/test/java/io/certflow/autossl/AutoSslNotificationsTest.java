package io.certflow.autossl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.certflow.autossl.AutoSslNotifications.AccountContact;
import io.certflow.notification.Audience;
import io.certflow.notification.Notification;
import io.certflow.notification.NotificationLevel;
import io.certflow.notification.NotificationSettings;

/** Whom AutoSSL's notifications reach, and at which level: the account's user and the tenant's administrators. */
class AutoSslNotificationsTest {

    private static final String TENANT = "hosting-a";

    private static AutoSslSettings levels(NotificationLevel user, NotificationLevel admin) {
        return new AutoSslSettings(TENANT, null, true, false, user, admin, null, null);
    }

    @Test
    void aUserIsMailedAtTheAccountsOwnLevelWhenItChoseOne() {
        Audience user = AutoSslNotifications.userAudience(new AccountContact(TENANT, "shop1", "Owner@Shop1.EXAMPLE", NotificationLevel.ALL),
                levels(NotificationLevel.FAILURES_ONLY, NotificationLevel.ALL));

        assertThat(user.contacts()).containsExactly("Owner@shop1.example");
        assertThat(user.level()).isEqualTo(NotificationLevel.ALL);
        assertThat(user.levelOf()).isEqualTo("account shop1's notification level");
    }

    @Test
    void aUserWithoutALevelOfItsOwnIsMailedAtTheTenantsAutoSslUserLevel() {
        Audience user = AutoSslNotifications.userAudience(new AccountContact(TENANT, "shop1", "owner@shop1.example", null),
                levels(NotificationLevel.FAILURES_ONLY, NotificationLevel.ALL));

        assertThat(user.level()).isEqualTo(NotificationLevel.FAILURES_ONLY);
        assertThat(user.levelOf()).isEqualTo("the tenant's AutoSSL user level");
    }

    @Test
    void aTenantUserLevelDisabledMailsNoUserWhateverTheAccountChose() {
        Audience user = AutoSslNotifications.userAudience(new AccountContact(TENANT, "shop1", "owner@shop1.example", NotificationLevel.ALL),
                levels(NotificationLevel.DISABLED, NotificationLevel.ALL));

        assertThat(user.level()).isEqualTo(NotificationLevel.DISABLED);
        assertThat(user.levelOf()).isEqualTo("the tenant's AutoSSL user level");
    }

    @Test
    void anAccountWithoutAUsableContactHasNobodyToMailAndSaysWhy() {
        Audience none = AutoSslNotifications.userAudience(new AccountContact(TENANT, "shop1", null, null), levels(NotificationLevel.ALL,
                NotificationLevel.ALL));
        Audience broken = AutoSslNotifications.userAudience(new AccountContact(TENANT, "shop1", "not an address", null),
                levels(NotificationLevel.ALL, NotificationLevel.ALL));

        assertThat(none.contacts()).isEmpty();
        assertThat(none.noContacts()).isEqualTo("account shop1 has no contact email");
        assertThat(broken.contacts()).isEmpty();
        assertThat(broken.noContacts()).startsWith("account shop1 has no contact email Certflow can mail (");
    }

    @Test
    void administratorsAreTheTenantsContactsAtTheAutoSslAdministratorLevel() {
        Audience administrators = AutoSslNotifications.administratorAudience(TENANT,
                new NotificationSettings(List.of("ops@hosting.example"), NotificationLevel.DISABLED),
                levels(NotificationLevel.DISABLED, NotificationLevel.FAILURES_ONLY));

        assertThat(administrators.contacts()).containsExactly("ops@hosting.example");
        assertThat(administrators.level()).as("AutoSSL's level, not the tenant's").isEqualTo(NotificationLevel.FAILURES_ONLY);
        assertThat(administrators.levelOf()).isEqualTo("the tenant's AutoSSL administrator level");
        assertThat(AutoSslNotifications.administratorAudience(TENANT, NotificationSettings.DEFAULT, levels(NotificationLevel.ALL,
                NotificationLevel.ALL)).noContacts()).isEqualTo("the tenant names no contacts (PUT /api/tenants/hosting-a/notification-settings)");
    }

    @Test
    void dedupKeysArePrefixedPerAudienceAndAKeyTooLongWithItsPrefixIsHashed() {
        assertThat(AutoSslNotifications.audienceKey("user:shop1:", "deferred:run-1:www.shop1.example"))
                .isEqualTo("user:shop1:deferred:run-1:www.shop1.example");
        assertThat(AutoSslNotifications.audienceKey("admin:", "deferred:run-1:www.shop1.example"))
                .isEqualTo("admin:deferred:run-1:www.shop1.example");

        String longKey = "x".repeat(Notification.MAX_DEDUP_KEY);
        String hashed = AutoSslNotifications.audienceKey("user:shop1:", longKey);
        assertThat(hashed).startsWith("user:shop1:sha256:").hasSizeLessThanOrEqualTo(Notification.MAX_DEDUP_KEY);
        assertThat(AutoSslNotifications.audienceKey("user:shop1:", longKey)).isEqualTo(hashed);
        assertThat(AutoSslNotifications.audienceKey("user:shop2:", longKey)).isNotEqualTo(hashed);
    }
}
