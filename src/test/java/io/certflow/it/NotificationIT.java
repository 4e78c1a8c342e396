package io.certflow.it;

import static io.certflow.it.support.NotificationPromises.PROMISED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.MailServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;
import io.certflow.notification.Notification;
import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationLevel;
import io.certflow.notification.NotificationService;
import io.certflow.notification.StoredNotification;

/**
 * Notifications mailed to a real SMTP server (GreenMail) on PostgreSQL: each level delivers exactly the mails it promises,
 * an event raised twice is mailed once, and an SMTP server that is down delays the mail and loses none. Events are raised
 * through NotificationService inside a transaction, as renewal raises them; settings go through the API. Each test has a
 * tenant and addresses of its own, so the mails counted are its own.
 */
class NotificationIT extends CertflowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(30);

    @Autowired
    IdentityService identityService;
    @Autowired
    ManagementService managementService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    NotificationService notifications;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;

    private final MailServer smtp = RealServers.mailServer();

    @AfterEach
    void theMailServerIsUpForTheNextTest() {
        smtp.start();
    }

    /** An administrator of a tenant of the test's own, whose notifications go to {@code contacts} at {@code level}. */
    private ApiClient tenantMailing(String tenant, NotificationLevel level, String... contacts) {
        ApiClient administrator = TenantUsers.administratorOf(identityService, baseUrl(), tenant, tenant + "admin", "admin-password-1");
        ApiClient.Response saved = administrator.put("/api/tenants/" + tenant + "/notification-settings",
                Map.of("contacts", List.of(contacts), "level", level.name()));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        return administrator;
    }

    /** Raises events in one transaction, as a step of a process raises what it noticed. */
    private List<StoredNotification> raise(Notification... events) {
        return new TransactionTemplate(transactionManager).execute(status -> Arrays.stream(events).map(notifications::raise).toList());
    }

    private static Notification event(String tenant, NotificationKind kind, String dedupKey) {
        return new Notification(tenant, kind, kind + " for " + tenant + " (" + dedupKey + ")",
                "What happened: a " + kind + " in " + tenant + ".\nWhat to do: nothing, it is a test.", dedupKey);
    }

    private Map<String, JsonNode> listedById(ApiClient client, String tenant) {
        ApiClient.Response list = client.get("/api/tenants/" + tenant + "/notifications?size=50");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return StreamSupport.stream(list.json().path("items").spliterator(), false)
                .collect(Collectors.toMap(item -> item.path("id").asText(), item -> item));
    }

    private JsonNode awaitFinal(ApiClient client, String tenant, StoredNotification raised) {
        return Awaitility.await().atMost(DELIVERED_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> listedById(client, tenant).get(raised.id().toString()),
                        item -> item != null && !"PENDING".equals(item.path("state").asText()));
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    @ParameterizedTest
    @EnumSource(NotificationLevel.class)
    void eachLevelMailsExactlyTheKindsItPromisesToEveryContact(NotificationLevel level) throws Exception {
        String tenant = "mail" + level.name().toLowerCase().replace("_", "");
        String ops = "ops@" + tenant + ".test";
        String pager = "pager@" + tenant + ".test";
        ApiClient administrator = tenantMailing(tenant, level, ops, pager);

        List<StoredNotification> raised = raise(Arrays.stream(NotificationKind.values())
                .map(kind -> event(tenant, kind, "level-test:" + kind)).toArray(Notification[]::new));
        Map<NotificationKind, JsonNode> listed = new HashMap<>();
        for (StoredNotification notification : raised) {
            listed.put(notification.kind(), awaitFinal(administrator, tenant, notification));
        }

        Set<NotificationKind> promised = PROMISED.get(level);
        for (String contact : List.of(ops, pager)) {
            List<MimeMessage> mails = smtp.receivedBy(contact);
            assertThat(mails).extracting(MimeMessage::getSubject).as(level + ", mails to " + contact)
                    .containsExactlyInAnyOrderElementsOf(raised.stream().filter(n -> promised.contains(n.kind()))
                            .map(StoredNotification::subject).toList());
            for (MimeMessage mail : mails) {
                String subject = mail.getSubject();
                StoredNotification notification = raised.stream().filter(n -> n.subject().equals(subject)).findFirst().orElseThrow();
                assertThat(addresses(mail.getRecipients(MimeMessage.RecipientType.TO))).containsExactly(ops, pager);
                assertThat(addresses(mail.getFrom())).containsExactly(RealServers.MAIL_FROM);
                assertThat(((String) mail.getContent()).replace("\r\n", "\n")).isEqualTo(notification.body());
                assertThat(mail.getMessageID()).isEqualTo("<notification." + notification.id() + "@certflow.test>");
            }
        }
        for (StoredNotification notification : raised) {
            JsonNode item = listed.get(notification.kind());
            if (promised.contains(notification.kind())) {
                assertThat(item.path("state").asText()).isEqualTo("SENT");
                assertThat(item.path("sentAt").isMissingNode()).isFalse();
                assertThat(item.path("recipients")).extracting(JsonNode::asText).containsExactly(ops, pager);
            } else {
                assertThat(item.path("state").asText()).isEqualTo("SKIPPED");
                assertThat(item.path("reason").asText()).isEqualTo(
                        "the tenant's notification level " + level + " does not mail " + notification.kind() + " notifications");
                assertThat(item.path("recipients")).isEmpty();
            }
        }
    }

    @Test
    void theSameEventRaisedTwiceIsStoredAndMailedOnce() {
        String tenant = "maildedup";
        String ops = "ops@maildedup.test";
        ApiClient administrator = tenantMailing(tenant, NotificationLevel.ALL, ops);

        StoredNotification first = raise(event(tenant, NotificationKind.FAILURE, "renewal-failed:42")).get(0);
        StoredNotification second = raise(event(tenant, NotificationKind.FAILURE, "renewal-failed:42")).get(0);
        awaitFinal(administrator, tenant, first);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(smtp.receivedBy(ops)).hasSize(1);
        assertThat(listedById(administrator, tenant)).containsOnlyKeys(first.id().toString());
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey("NotificationDeliveryProcess")
                .processInstanceBusinessKey(first.id().toString()).count()).as("one delivery, so no later mail").isEqualTo(1);
    }

    @Test
    void twoTransactionsRaisingTheSameEventAtOnceStoreAndMailItOnceAndBothCommit() throws Exception {
        String tenant = "mailrace";
        String ops = "ops@mailrace.test";
        ApiClient administrator = tenantMailing(tenant, NotificationLevel.ALL, ops);
        CountDownLatch firstRaised = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);

        // Two Certflow nodes noticing the same failure: the first holds its transaction open until the second waits for it.
        CompletableFuture<StoredNotification> first = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
            StoredNotification raised = notifications.raise(event(tenant, NotificationKind.FAILURE, "renewal-failed:7"));
            firstRaised.countDown();
            await(commitFirst);
            return raised;
        }));
        await(firstRaised);
        CompletableFuture<List<StoredNotification>> second = CompletableFuture.supplyAsync(() -> raise(
                event(tenant, NotificationKind.FAILURE, "renewal-failed:7"),
                // Raised after the duplicate in the same transaction: stored only if that transaction was not spoiled.
                event(tenant, NotificationKind.WARNING, "expiring:7:7d")));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
                Integer.class) > 0);
        commitFirst.countDown();

        StoredNotification winner = first.get(20, TimeUnit.SECONDS);
        List<StoredNotification> other = second.get(20, TimeUnit.SECONDS);
        assertThat(other.get(0).id()).isEqualTo(winner.id());
        awaitFinal(administrator, tenant, winner);
        awaitFinal(administrator, tenant, other.get(1));
        assertThat(listedById(administrator, tenant)).containsOnlyKeys(winner.id().toString(), other.get(1).id().toString());
        assertThat(smtp.receivedBy(ops)).extracting(MimeMessage::getSubject)
                .containsExactlyInAnyOrder(winner.subject(), other.get(1).subject());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailureRaisedWhileTheSmtpServerIsDownIsRetriedAndMailedOnceWhenItIsBack() throws Exception {
        String tenant = "mailoutage";
        String oncall = "oncall@mailoutage.test";
        ApiClient administrator = tenantMailing(tenant, NotificationLevel.FAILURES_ONLY, oncall);
        smtp.stop();

        StoredNotification raised = raise(event(tenant, NotificationKind.FAILURE, "renewal-failed:outage")).get(0);

        Job failed = Awaitility.await().atMost(DELIVERED_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> managementService.createJobQuery().processInstanceId(raised.processInstanceId()).singleResult(),
                        job -> job != null && job.getExceptionMessage() != null);
        assertThat(failed.getRetries()).as("failed and to be retried").isBetween(1, 4);
        assertThat(failed.getExceptionMessage()).contains("Mail server connection failed");
        assertThat(listedById(administrator, tenant).get(raised.id().toString()).path("state").asText()).isEqualTo("PENDING");

        smtp.start();

        JsonNode sent = awaitFinal(administrator, tenant, raised);
        assertThat(sent.path("state").asText()).isEqualTo("SENT");
        List<MimeMessage> mails = smtp.receivedBy(oncall);
        assertThat(mails).extracting(MimeMessage::getSubject).containsExactly(raised.subject());
        assertThat(runtimeService.createIncidentQuery().processInstanceId(raised.processInstanceId()).count()).isZero();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(raised.processInstanceId()).count())
                .as("delivery ended, so no later mail").isZero();
    }

    // The API

    @Test
    void membersReadTheSettingsAndNotificationsOnlyAdministratorsChangeThemAndOtherTenantsAreNotFound() {
        String tenant = "mailroles";
        ApiClient administrator = tenantMailing(tenant, NotificationLevel.FAILURES_ONLY, "ops@mailroles.test");
        ApiClient member = TenantUsers.memberOf(identityService, baseUrl(), tenant, "mailrolesmember", "member-password-1");
        ApiClient stranger = TenantUsers.administratorOf(identityService, baseUrl(), "mailstrangers", "mailstranger", "stranger-password-1");
        raise(event(tenant, NotificationKind.FAILURE, "roles:1"));

        ApiClient.Response read = member.get("/api/tenants/mailroles/notification-settings");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("contacts")).extracting(JsonNode::asText).containsExactly("ops@mailroles.test");
        assertThat(read.json().path("level").asText()).isEqualTo("FAILURES_ONLY");
        assertThat(member.get("/api/tenants/mailroles/notifications").json().path("total").asLong()).isEqualTo(1);

        ApiClient.Response refused = member.put("/api/tenants/mailroles/notification-settings",
                Map.of("contacts", List.of("member@mailroles.test"), "level", "ALL"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asText()).contains("mailroles").contains("certflow-admins");

        for (ApiClient.Response notFound : List.of(stranger.get("/api/tenants/mailroles/notification-settings"),
                stranger.put("/api/tenants/mailroles/notification-settings", Map.of("contacts", List.of(), "level", "ALL")),
                stranger.get("/api/tenants/mailroles/notifications"),
                admin().get("/api/tenants/nosuchtenant/notification-settings"))) {
            assertThat(notFound.status()).as(notFound.body()).isEqualTo(404);
            assertThat(notFound.contentType()).startsWith("application/problem+json");
        }
        assertThat(administrator.get("/api/tenants/mailroles/notification-settings").json().path("level").asText())
                .as("nothing changed").isEqualTo("FAILURES_ONLY");
    }

    @Test
    void aTenantThatNeverSetAnythingHasNoContactsAndTheDefaultLevel() {
        ApiClient member = TenantUsers.memberOf(identityService, baseUrl(), "mailfresh", "mailfreshmember", "member-password-1");

        ApiClient.Response read = member.get("/api/tenants/mailfresh/notification-settings");

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("contacts")).isEmpty();
        assertThat(read.json().path("level").asText()).isEqualTo("FAILURES_WARNINGS_DEFERRALS");
    }

    @Test
    void badSettingsAreA400NamingTheFieldAndNothingIsStored() throws Exception {
        String tenant = "mailinput";
        ApiClient administrator = tenantMailing(tenant, NotificationLevel.FAILURES_ONLY, "ops@mailinput.test");
        List<String> tooMany = IntStream.rangeClosed(1, 21).mapToObj(i -> "ops" + i + "@mailinput.test").toList();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"contacts\":[\"ops@mailinput.test\",\"not an address\"],\"level\":\"ALL\"}", "contacts[1]: ");
        cases.put("{\"contacts\":[\"ops@localhost\"],\"level\":\"ALL\"}", "contacts[0]: 'ops@localhost' has an invalid domain");
        cases.put("{\"contacts\":" + toJson(tooMany) + ",\"level\":\"ALL\"}", "contacts: at most 20 email addresses, not 21");
        cases.put("{\"contacts\":[],\"level\":\"EVERYTHING\"}", "level: 'EVERYTHING' is not a level; one of ALL,");
        cases.put("{\"contacts\":[]}", "level: required");
        cases.put("{\"level\":\"ALL\"}", "contacts: required");
        cases.put("{\"contacts\":\"ops@mailinput.test\",\"level\":\"ALL\"}", "contacts");
        cases.put("{\"contacts\":[42],\"level\":\"ALL\"}", "contacts");
        cases.put("{\"contacts\":[],\"level\":\"ALL\",\"cc\":[]}", "Unknown field 'cc'");

        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> input : cases.entrySet()) {
            ApiClient.Response refused = administrator.put("/api/tenants/mailinput/notification-settings",
                    JSON.readTree(input.getKey()));
            if (refused.status() != 400 || !refused.contentType().startsWith("application/problem+json")
                    || !refused.json().path("detail").asText().contains(input.getValue())
                    || refused.body().contains("Exception") || refused.body().contains("java.")) {
                failures.add(input.getKey() + " -> " + refused.status() + " " + refused.body());
            }
        }

        assertThat(failures).isEmpty();
        JsonNode stored = administrator.get("/api/tenants/mailinput/notification-settings").json();
        assertThat(stored.path("contacts")).extracting(JsonNode::asText).containsExactly("ops@mailinput.test");
        assertThat(stored.path("level").asText()).isEqualTo("FAILURES_ONLY");
    }

    private static String toJson(List<String> values) {
        return values.stream().map(value -> "\"" + value + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
