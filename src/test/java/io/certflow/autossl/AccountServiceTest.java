package io.certflow.autossl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import io.certflow.autossl.AccountService.AccountChange;
import io.certflow.autossl.AccountService.DomainInput;
import io.certflow.autossl.AccountService.NewAccount;
import io.certflow.autossl.AutoSslEligibility.Source;
import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyType;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.notification.NotificationLevel;
import io.certflow.security.RoleRequiredException;

/** The rules for hosting accounts, on the real schema (H2). */
class AccountServiceTest {

    private final AccountFixture fixture = new AccountFixture();
    private final AccountService accounts = fixture.accounts;

    private List<String> problems(NewAccount account) {
        try {
            accounts.create(fixture.administrator, account);
        } catch (InvalidRequestException refused) {
            return refused.problems();
        }
        throw new AssertionError("accepted " + account);
    }

    private static NewAccount withDomains(DomainInput... domains) {
        return new NewAccount(null, "alice", "alice@example.net", Arrays.asList(domains), null, null);
    }

    @Test
    void anAdministratorCreatesAnAccountWhoseAnswerNamesEveryNameItsServicesCoverAndAsksForItsFirstRun() {
        UUID target = fixture.target("hosting", "web-1");
        AccountDetails created = accounts.create(fixture.administrator, new NewAccount(null, "alice", "Alice@Example.NET",
                List.of(new DomainInput("Alice.Example", "/home/alice/public_html", List.of("PANEL", "WEB", "MAIL", "WEBDISK", "WEB")),
                        new DomainInput("blog.alice.example", null, null)), List.of(target, target), null));

        assertThat(created.account().tenantId()).isEqualTo("hosting");
        assertThat(created.account().contactEmail()).isEqualTo("Alice@example.net");
        assertThat(created.domains()).containsExactly(
                new AccountDomain("alice.example", "/home/alice/public_html", List.of(Service.WEB, Service.MAIL, Service.WEBDISK, Service.PANEL)),
                new AccountDomain("blog.alice.example", null, List.of(Service.WEB)));
        assertThat(created.namesToCover()).containsExactly("alice.example", "www.alice.example", "mail.alice.example",
                "webdisk.alice.example", "cpanel.alice.example", "webmail.alice.example", "cpcalendars.alice.example",
                "cpcontacts.alice.example", "blog.alice.example", "www.blog.alice.example");
        assertThat(created.deploymentTargets()).containsExactly(target);
        assertThat(created.autoSsl()).isEqualTo(new AutoSslEligibility.Effective(true, Source.DEFAULT));
        assertThat(accounts.get(fixture.member, created.account().id())).isEqualTo(created);
        assertThat(fixture.events).containsExactly(new AccountCreated("hosting", created.account().id(), "alice", "ann"));
    }

    @Test
    void everyProblemOfARequestIsNamedByItsFieldAndNothingIsStoredNorAnyRunAskedFor() {
        UUID otherTenantsTarget = fixture.target("other", "theirs");
        UUID unknownTarget = UUID.randomUUID();
        NewAccount account = new NewAccount(null, "al ice", "alice(at)example.net", Arrays.asList(
                new DomainInput("*.alice.example", null, null),
                new DomainInput("Alice.Example.", null, List.of("WEB")),
                new DomainInput("alice.example", null, List.of("MAIL")),
                new DomainInput("shop.example", null, List.of()),
                new DomainInput("blog.example", null, List.of("WEB", "FTP")),
                new DomainInput("docs.example", "public_html", null),
                new DomainInput("wiki.example", "/home/alice/../bob", null),
                new DomainInput("a b.example", null, null),
                null), List.of(otherTenantsTarget, unknownTarget), "SOMETIMES");

        assertThat(problems(account)).containsExactly(
                "name: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
                "contactEmail: 'alice(at)example.net' is not an email address: it has no '@'",
                "domains[0].name: '*.alice.example' is a wildcard; an account's domain is a name its sites answer to (AutoSSL covers each"
                        + " of its service names)",
                "domains[2].name: 'alice.example' is given twice (also domains[1])",
                "domains[3].services: at least one of WEB, MAIL, WEBDISK, PANEL (leave the field out for WEB alone)",
                "domains[4].services[1]: 'FTP' is not a service; one of WEB, MAIL, WEBDISK, PANEL",
                "domains[5].documentRoot: 'public_html' is not absolute; an absolute path without '.', '..' or empty parts, such as"
                        + " /home/alice/public_html",
                "domains[6].documentRoot: '/home/alice/../bob' is not normalized; an absolute path without '.', '..' or empty parts, such"
                        + " as /home/alice/public_html",
                "domains[7].name: 'a b.example' contains a space or other white space (U+0020) at position 2; a domain name holds only"
                        + " letters, digits, hyphens and dots",
                "domains[8]: a domain, as {name, documentRoot?, services?}",
                "deploymentTargets[0]: tenant 'hosting' has no deployment target " + otherTenantsTarget,
                "deploymentTargets[1]: tenant 'hosting' has no deployment target " + unknownTarget,
                "notificationLevel: 'SOMETIMES' is not a level; one of ALL, FAILURES_WARNINGS_DEFERRALS, FAILURES_ONLY, DISABLED, or"
                        + " null to follow the tenant's user level");
        assertThat(fixture.rows("hosting_account")).isZero();
        assertThat(fixture.rows("account_domain")).isZero();
        assertThat(fixture.events).isEmpty();
    }

    @Test
    void anAccountHasOneToAHundredDomains() {
        assertThat(problems(withDomains())).containsExactly("domains: at least one domain, as {name, documentRoot?, services?}");
        List<DomainInput> many = new ArrayList<>(IntStream.range(0, 101).mapToObj(i -> new DomainInput("site" + i + ".example", null, null))
                .toList());
        assertThat(problems(withDomains(many.toArray(DomainInput[]::new)))).containsExactly("domains: at most 100 domains per account, not 101");

        AccountDetails hundred = accounts.create(fixture.administrator, withDomains(many.subList(0, 100).toArray(DomainInput[]::new)));
        assertThat(hundred.domains()).hasSize(100);
        assertThat(hundred.namesToCover()).hasSize(200);
    }

    @Test
    void aDomainWhoseServiceNamesWouldBeTooLongIsRefusedNamingIt() {
        String label = "a".repeat(63);
        String domain = String.join(".", label, label, label, "b".repeat(52), "ex");
        assertThat(domain).hasSize(247);

        assertThat(problems(withDomains(new DomainInput(domain, null, List.of("WEB", "PANEL")))))
                .singleElement().asString().startsWith("domains[0].services: PANEL would cover a name no certificate can hold: 'cpanel.aaa")
                .endsWith("is 254 characters long; a domain name has at most 253");
        assertThat(accounts.create(fixture.administrator, withDomains(new DomainInput(domain, null, List.of("WEB", "MAIL")))).namesToCover())
                .containsExactly(domain, "www." + domain, "mail." + domain);
    }

    @Test
    void aSecondAccountOfTheSameNameInTheTenantIsAConflictButAnotherTenantMayUseIt() {
        fixture.create("alice", "alice.example");

        assertThatThrownBy(() -> fixture.create("alice", "other.example")).isInstanceOf(ConflictException.class)
                .hasMessageStartingWith("A hosting account named 'alice' exists already in tenant 'hosting'");
        assertThat(accounts.create(fixture.otherAdministrator, AccountFixture.account("alice", "alice.example")).account().tenantId())
                .isEqualTo("other");
        assertThat(fixture.rows("account_domain")).isEqualTo(2);
    }

    @Test
    void aDomainAnotherAccountOfTheTenantHasIsAConflictNamingTheDomainAndItsAccount() {
        fixture.create("alice", "alice.example", "shared.example");

        assertThatThrownBy(() -> fixture.create("bob", "bob.example", "SHARED.example")).isInstanceOf(ConflictException.class)
                .hasMessage("Another hosting account of tenant 'hosting' has the domain 'shared.example' (account 'alice'); a domain belongs"
                        + " to one account, remove it there first");
        assertThat(fixture.store.findByName("hosting", "bob")).isEmpty();
        assertThat(fixture.events).hasSize(1);
    }

    @Test
    void membersReadAccountsButOnlyAdministratorsCreateChangeOrDeleteThem() {
        AccountDetails alice = fixture.create("alice", "alice.example");
        UUID id = alice.account().id();

        assertThatThrownBy(() -> accounts.create(fixture.member, AccountFixture.account("bob", "bob.example")))
                .isInstanceOf(RoleRequiredException.class).hasMessageContaining("may create hosting accounts");
        assertThatThrownBy(() -> accounts.change(fixture.member, id, new AccountChange("new@example.net", null, null, false, null)))
                .isInstanceOf(RoleRequiredException.class);
        assertThatThrownBy(() -> accounts.delete(fixture.member, id)).isInstanceOf(RoleRequiredException.class);
        assertThat(accounts.get(fixture.member, id).account().contactEmail()).isEqualTo("alice@example.net");
        assertThat(accounts.list(fixture.member, null, null, 0, 50).items()).hasSize(1);
    }

    @Test
    void anotherTenantsAccountIsNotFoundWhateverTheCallerTries() {
        UUID id = fixture.create("alice", "alice.example").account().id();

        assertThatThrownBy(() -> accounts.get(fixture.otherAdministrator, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> accounts.change(fixture.otherAdministrator, id, new AccountChange("x@example.net", null, null, false, null)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> accounts.delete(fixture.otherAdministrator, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> accounts.list(fixture.otherAdministrator, "hosting", null, 0, 50)).isInstanceOf(NotFoundException.class);
        assertThat(accounts.list(fixture.otherAdministrator, null, null, 0, 50).total()).isZero();
    }

    @Test
    void aChangeReplacesTheDomainsAndTargetsItNamesAndKeepsWhatItLeavesOut() {
        UUID first = fixture.target("hosting", "web-1");
        UUID second = fixture.target("hosting", "web-2");
        AccountDetails alice = accounts.create(fixture.administrator, new NewAccount(null, "alice", "alice@example.net",
                List.of(new DomainInput("alice.example", null, null), new DomainInput("old.example", null, null)), List.of(first), null));
        UUID id = alice.account().id();
        fixture.clock.advance(java.time.Duration.ofMinutes(5));

        AccountDetails changed = accounts.change(fixture.administrator, id, new AccountChange(null,
                List.of(new DomainInput("new.example", null, List.of("MAIL")), new DomainInput("alice.example", null, null)),
                List.of(second), false, null));

        assertThat(changed.domains()).extracting(AccountDomain::name).containsExactly("new.example", "alice.example");
        assertThat(changed.namesToCover()).containsExactly("mail.new.example", "alice.example", "www.alice.example");
        assertThat(changed.deploymentTargets()).containsExactly(second);
        assertThat(changed.account().contactEmail()).isEqualTo("alice@example.net");
        assertThat(changed.account().updatedAt()).isAfter(alice.account().updatedAt());
        assertThat(accounts.get(fixture.member, id)).isEqualTo(changed);
        assertThat(fixture.create("olivia", "old.example").domains()).as("a domain the change let go").hasSize(1);
    }

    @Test
    void aBadChangeIsRefusedWholeAndChangesNothing() {
        AccountDetails alice = fixture.create("alice", "alice.example");

        assertThatThrownBy(() -> accounts.change(fixture.administrator, alice.account().id(), new AccountChange("not-an-address",
                List.of(new DomainInput("other.example", null, null)), null, false, null))).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("contactEmail: ");
        assertThatThrownBy(() -> accounts.change(fixture.administrator, alice.account().id(), new AccountChange(null, null, null, false,
                null))).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("name at least one of");
        assertThat(accounts.get(fixture.administrator, alice.account().id())).isEqualTo(alice);
    }

    @Test
    void anAccountChoosesItsOwnNotificationLevelOrFollowsTheTenantAgain() {
        UUID id = fixture.create("alice", "alice.example").account().id();

        AccountDetails own = accounts.change(fixture.administrator, id, new AccountChange(null, null, null, true, "ALL"));
        assertThat(own.account().notificationLevel()).isEqualTo(NotificationLevel.ALL);
        assertThat(own.userLevel()).isEqualTo(NotificationLevel.ALL);

        AccountDetails kept = accounts.change(fixture.administrator, id, new AccountChange("new@example.net", null, null, false, null));
        assertThat(kept.account().notificationLevel()).as("a change that leaves the level out keeps it").isEqualTo(NotificationLevel.ALL);

        AccountDetails following = accounts.change(fixture.administrator, id, new AccountChange(null, null, null, true, null));
        assertThat(following.account().notificationLevel()).isNull();
        assertThat(following.userLevel()).isEqualTo(NotificationLevel.FAILURES_WARNINGS_DEFERRALS);
    }

    @Test
    void noAccountChoosesALevelOnceTheAdministratorDisabledUserNotifications() {
        UUID id = fixture.create("alice", "alice.example").account().id();
        accounts.change(fixture.administrator, id, new AccountChange(null, null, null, true, "ALL"));
        AutoSslSettings defaults = fixture.settings.find("hosting");
        fixture.settings.save(new AutoSslSettings("hosting", null, true, false, NotificationLevel.DISABLED, defaults.adminLevel(), "ann",
                AccountFixture.NOW));

        assertThatThrownBy(() -> accounts.change(fixture.administrator, id, new AccountChange(null, null, null, true, "FAILURES_ONLY")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("notificationLevel: the administrator disabled user notifications");
        AccountDetails alice = accounts.get(fixture.member, id);
        assertThat(alice.account().notificationLevel()).isEqualTo(NotificationLevel.ALL);
        assertThat(alice.userLevel()).as("what the contact is mailed, whatever the account chose before").isEqualTo(NotificationLevel.DISABLED);
        assertThat(accounts.change(fixture.administrator, id, new AccountChange(null, null, null, true, null)).account()
                .notificationLevel()).isNull();
    }

    @Test
    void aDeletedAccountsCertificatesStayInTheInventoryNoLongerManaged() {
        UUID id = fixture.create("alice", "alice.example").account().id();
        UUID certificate = UUID.randomUUID();
        new CertificateStore(fixture.jdbc).insert(new Certificate(certificate, "hosting", null, List.of("alice.example"), KeyType.DEFAULT,
                CertificateStatus.ISSUED, null, CertificateSource.ISSUED, true, null, null, null, null, null, AccountFixture.NOW,
                AccountFixture.NOW, false, null));
        fixture.jdbc.update("update certflow.certificate set autossl_account_id = :account where id = :id",
                new MapSqlParameterSource("account", id).addValue("id", certificate));

        accounts.delete(fixture.administrator, id);

        assertThat(fixture.store.findById(id)).isEmpty();
        assertThat(fixture.rows("account_domain")).isZero();
        var row = fixture.jdbc.queryForMap("select auto_managed, autossl_account_id from certflow.certificate where id = :id",
                new MapSqlParameterSource("id", certificate));
        assertThat(row.get("AUTO_MANAGED")).isEqualTo(false);
        assertThat(row.get("AUTOSSL_ACCOUNT_ID")).isNull();
        assertThat(fixture.create("alice", "alice.example").domains()).as("the name and the domain are free again").hasSize(1);
    }
}
