package io.certflow.it;

import static io.certflow.it.support.NotificationPromises.PROMISED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.autossl.AutoSslNotifications;
import io.certflow.autossl.AutoSslNotifications.AccountContact;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.MailServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;
import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationLevel;
import io.certflow.notification.StoredNotification;

/**
 * AutoSSL's notifications reach a real SMTP server (GreenMail) exactly as each level promises: the users' level for the
 * account's contact address, the administrators' level for the tenant's contacts. Levels are set through the API, the
 * events raised through AutoSslNotifications in a transaction, as a run raises them. Each test has tenants and addresses
 * of its own, so the mails counted are its own.
 */
class AutoSslNotificationsIT extends CertflowIT {

    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(30);

    @Autowired
    IdentityService identityService;
    @Autowired
    AutoSslNotifications notifications;
    @Autowired
    PlatformTransactionManager transactionManager;

    private final MailServer smtp = RealServers.mailServer();

    /**
     * A tenant whose general notification level is DISABLED (AutoSSL's administrator level decides AutoSSL's mails, not
     * it), mailing {@code ops@<tenant>.test}, with AutoSSL's user and administrator levels as given.
     */
    private ApiClient tenant(String tenant, NotificationLevel userLevel, NotificationLevel adminLevel) {
        ApiClient administrator = TenantUsers.administratorOf(identityService, baseUrl(), tenant, tenant + "admin", "providers-password-1");
        ApiClient.Response contacts = administrator.put("/api/tenants/" + tenant + "/notification-settings",
                Map.of("contacts", List.of(ops(tenant)), "level", "DISABLED"));
        assertThat(contacts.status()).as(contacts.body()).isEqualTo(200);
        ApiClient.Response levels = administrator.put("/api/autossl/settings", Map.of("tenant", tenant, "defaultEnabled", true,
                "replaceNonAutoSsl", false, "userLevel", userLevel.name(), "adminLevel", adminLevel.name()));
        assertThat(levels.status()).as(levels.body()).isEqualTo(200);
        return administrator;
    }

    private static String ops(String tenant) {
        return "ops@" + tenant + ".test";
    }

    private static String owner(String tenant) {
        return "owner@shop1." + tenant + ".test";
    }

    /** One event of each kind to the account's user and one to the administrators, with the same keys, in one transaction. */
    private List<StoredNotification> raiseEveryKind(String tenant, NotificationLevel accountLevel) {
        AccountContact shop1 = new AccountContact(tenant, "shop1", owner(tenant), accountLevel);
        return new TransactionTemplate(transactionManager).execute(status -> {
            List<StoredNotification> raised = new ArrayList<>();
            for (NotificationKind kind : NotificationKind.values()) {
                raised.add(notifications.toUser(shop1, kind, "AutoSSL " + kind + " for shop1",
                        "What happened: a " + kind + " on account shop1.", "run-1:" + kind));
                raised.add(notifications.toAdministrators(tenant, kind, "AutoSSL " + kind + " in " + tenant,
                        "What happened: a " + kind + " in " + tenant + ".", "run-1:" + kind));
            }
            return raised;
        });
    }

    /** Waits until none of the tenant's notifications is PENDING (mailed or skipped): then every mail is in its mailbox. */
    private List<JsonNode> awaitAllFinal(ApiClient client, String tenant, int count) {
        return Awaitility.await().atMost(DELIVERED_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> {
            ApiClient.Response list = client.get("/api/tenants/" + tenant + "/notifications?size=50");
            return StreamSupport.stream(list.json().path("items").spliterator(), false).toList();
        }, items -> items.size() == count && items.stream().noneMatch(item -> "PENDING".equals(item.path("state").asText())));
    }

    private static List<String> subjects(List<StoredNotification> raised, String prefix, Set<NotificationKind> kinds) {
        return raised.stream().filter(n -> n.dedupKey().startsWith(prefix) && kinds.contains(n.kind())).map(StoredNotification::subject)
                .toList();
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    private void assertMailbox(String address, List<String> expectedSubjects) throws Exception {
        List<MimeMessage> mails = smtp.receivedBy(address);
        assertThat(mails).extracting(MimeMessage::getSubject).as("mails to " + address).containsExactlyInAnyOrderElementsOf(expectedSubjects);
        for (MimeMessage mail : mails) {
            assertThat(addresses(mail.getRecipients(MimeMessage.RecipientType.TO))).as("each audience alone").containsExactly(address);
        }
    }

    @ParameterizedTest
    @EnumSource(NotificationLevel.class)
    void eachUserAndAdministratorLevelMailsExactlyTheKindsItPromisesToItsAudience(NotificationLevel level) throws Exception {
        String tenant = "providersmail" + level.name().toLowerCase().replace("_", "");
        // The other audience at a different level, so that a mix-up of the two shows.
        NotificationLevel otherLevel = level == NotificationLevel.ALL ? NotificationLevel.FAILURES_ONLY : NotificationLevel.ALL;
        ApiClient usersAt = tenant(tenant, level, otherLevel);
        List<StoredNotification> toUsersAtLevel = raiseEveryKind(tenant, null);
        String adminTenant = tenant + "adm";
        ApiClient adminsAt = tenant(adminTenant, otherLevel, level);
        List<StoredNotification> toAdminsAtLevel = raiseEveryKind(adminTenant, null);

        List<JsonNode> listed = awaitAllFinal(usersAt, tenant, 8);
        awaitAllFinal(adminsAt, adminTenant, 8);

        assertMailbox(owner(tenant), subjects(toUsersAtLevel, "user:shop1:", PROMISED.get(level)));
        assertMailbox(ops(tenant), subjects(toUsersAtLevel, "admin:", PROMISED.get(otherLevel)));
        assertMailbox(owner(adminTenant), subjects(toAdminsAtLevel, "user:shop1:", PROMISED.get(otherLevel)));
        assertMailbox(ops(adminTenant), subjects(toAdminsAtLevel, "admin:", PROMISED.get(level)));
        for (JsonNode item : listed) {
            boolean user = item.path("subject").asText().endsWith("for shop1");
            NotificationKind kind = NotificationKind.valueOf(item.path("kind").asText());
            if (user && !PROMISED.get(level).contains(kind)) {
                assertThat(item.path("state").asText()).isEqualTo("SKIPPED");
                assertThat(item.path("reason").asText())
                        .isEqualTo("the tenant's AutoSSL user level " + level + " does not mail " + kind + " notifications");
            } else if (user) {
                assertThat(item.path("recipients")).extracting(JsonNode::asText).containsExactly(owner(tenant));
            }
        }
    }

    @Test
    void anAccountsOwnLevelWinsOverTheTenantsUserLevelUnlessTheAdministratorDisabledUsersMail() throws Exception {
        String tenant = "providersmailown";
        ApiClient administrator = tenant(tenant, NotificationLevel.FAILURES_ONLY, NotificationLevel.DISABLED);
        List<StoredNotification> raised = raiseEveryKind(tenant, NotificationLevel.ALL);
        String disabledTenant = "providersmailownoff";
        ApiClient disabledAdministrator = tenant(disabledTenant, NotificationLevel.DISABLED, NotificationLevel.DISABLED);
        raiseEveryKind(disabledTenant, NotificationLevel.ALL);

        awaitAllFinal(administrator, tenant, 8);
        List<JsonNode> disabled = awaitAllFinal(disabledAdministrator, disabledTenant, 8);

        assertMailbox(owner(tenant), subjects(raised, "user:shop1:", EnumSet.allOf(NotificationKind.class)));
        assertMailbox(owner(disabledTenant), List.of());
        assertMailbox(ops(tenant), List.of());
        assertThat(disabled).filteredOn(item -> item.path("subject").asText().endsWith("for shop1"))
                .extracting(item -> item.path("reason").asText())
                .allMatch(reason -> reason.startsWith("the tenant's AutoSSL user level DISABLED does not mail"));
    }
}
